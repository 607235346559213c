package dev.backprop.apps.digits;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.data.ArrayDataset;
import dev.backprop.io.AtomicFiles;
import dev.backprop.io.Json;
import dev.backprop.io.ModelFile;
import dev.backprop.loss.CrossEntropy;
import dev.backprop.metrics.Accuracy;
import dev.backprop.metrics.ConfusionMatrix;
import dev.backprop.nn.Layers;
import dev.backprop.nn.Sequential;
import dev.backprop.nn.Summary;
import dev.backprop.optim.Adam;
import dev.backprop.tensor.Tensor;
import dev.backprop.train.CsvLogger;
import dev.backprop.train.History;
import dev.backprop.train.NanGuard;
import dev.backprop.train.ProgressBar;
import dev.backprop.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Image classification end to end: train a model on an MNIST-style dataset, evaluate it, predict on pictures. */
public final class ImageApp {
    static final String APPLICATION = "image";

    /** What {@code image train} takes; see the command's help for each. */
    public record TrainOptions(
            String data,
            String model,
            int epochs,
            int batch,
            double learningRate,
            long seed,
            int limit,
            Path out,
            boolean standardize,
            double validationSplit) {}

    /** A dataset folder and, for a known name, what it is. */
    record Source(Path dir, ImageDataset known, String name) {
        List<String> classNames(int classes) {
            if (known != null && known.classNames().size() == classes) {
                return known.classNames();
            }
            return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        }
    }

    private final PrintStream out;

    public ImageApp(PrintStream out) {
        this.out = out;
    }

    /** A known name resolves to its data folder (fetched first when {@code fetch} and missing); else it is a folder. */
    Source resolve(String data, boolean fetch) throws IOException {
        ImageDataset known = ImageDataset.byId(data);
        if (known == null) {
            return new Source(Path.of(data), null, Path.of(data).getFileName().toString());
        }
        Path dir = DatasetFetcher.dataRoot().resolve(known.id());
        if (!DatasetFetcher.isComplete(known, dir)) {
            if (!fetch) {
                throw new java.nio.file.NoSuchFileException(
                        dir.toString(),
                        null,
                        known.id() + " is not there; get it" + " with './backprop data get " + known.id() + "'");
            }
            out.println(known.id() + " is not in " + dir + " yet: getting it first");
            new DatasetFetcher(out).get(known, dir);
        }
        return new Source(dir, known, known.id());
    }

    public Map<String, Object> train(TrainOptions o) throws IOException {
        Source source = resolve(o.data(), true);
        ImageData.Splits splits = ImageData.load(source.dir(), o.limit());
        List<String> names = source.classNames(splits.classes());
        float[] norm = o.standardize() ? meanAndStd(splits.train()) : new float[] {0f, 1f};
        ArrayDataset train = normalise(splits.train(), norm), test = normalise(splits.test(), norm);
        ArrayDataset[] parts = o.validationSplit() > 0 && train.size() >= 20
                ? train.splitLast(o.validationSplit())
                : new ArrayDataset[] {train, null};
        Sequential model = ImageModels.byName(
                o.model(), 1, splits.height(), splits.width(), splits.classes(), new SplittableRandom(o.seed()));
        out.printf(
                Locale.ROOT,
                "%s: %,d training, %,d validation, %,d test images of %dx%d, %d classes%n",
                source.name(),
                parts[0].size(),
                parts[1] == null ? 0 : parts[1].size(),
                test.size(),
                splits.height(),
                splits.width(),
                splits.classes());
        out.print(Summary.of(model, Shape.of(1, 1, splits.height(), splits.width())));
        Files.createDirectories(o.out());
        Trainer trainer = new Trainer(model, new CrossEntropy(), new Adam(Layers.parameters(model), o.learningRate()))
                .metrics(new Accuracy())
                .callbacks(
                        ProgressBar.forStandardOutput(),
                        new NanGuard(),
                        new CsvLogger(o.out().resolve("history.csv")));
        long start = System.nanoTime();
        History history = trainer.fit(parts[0], parts[1], new Trainer.Options(o.epochs(), o.batch(), o.seed()));
        double seconds = (System.nanoTime() - start) / 1e9;
        int epochsRun = history.epochs().size();

        ConfusionMatrix cm = new ConfusionMatrix(Math.max(2, splits.classes()));
        Map<String, Double> testLogs = trainer.evaluate(test, 512);
        cm.update(Trainer.predict(model, test.features(), 512), test.targets());

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("application", APPLICATION);
        metadata.put("dataset", source.name());
        metadata.put("classes", names);
        metadata.put("height", splits.height());
        metadata.put("width", splits.width());
        metadata.put("mean", (double) norm[0]);
        metadata.put("std", (double) norm[1]);
        metadata.put("framing", source.known() == ImageDataset.FASHION_MNIST ? "fill" : "digits");
        metadata.put("model", o.model());
        ModelFile.save(o.out().resolve("model"), model, metadata);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("dataset", source.name());
        metrics.put("model", o.model());
        metrics.put("test_accuracy", testLogs.get("accuracy"));
        metrics.put("test_loss", testLogs.get("loss"));
        metrics.put("epochs", epochsRun);
        metrics.put("train_seconds", seconds);
        metrics.put("seconds_per_epoch", seconds / Math.max(1, epochsRun));
        metrics.put("samples_per_second", (double) parts[0].size() * epochsRun / seconds);
        metrics.put("train_images", parts[0].size());
        metrics.put("batch", o.batch());
        metrics.put("learning_rate", o.learningRate());
        metrics.put("seed", o.seed());
        metrics.put("stopped_early", history.stopReason() == null ? "no" : history.stopReason());
        metrics.put("per_class", perClass(cm, names));
        metrics.put("macro_avg", averages(cm, true));
        metrics.put("weighted_avg", averages(cm, false));
        metrics.put("confusion_matrix", matrix(cm));
        metrics.put("history", history.epochs());
        metrics.put("java", Runtime.version().toString());
        metrics.put("threads", dev.backprop.array.kernel.Parallel.threads());
        AtomicFiles.writeString(o.out().resolve("metrics.json"), Json.write(metrics));
        Charts.confusionMatrix(
                cm,
                names,
                source.name() + " test set: confusion matrix",
                o.out().resolve("confusion-matrix.png"));
        Charts.trainingCurves(history, o.out().resolve("training-curves.png"));

        out.println();
        out.print(cm.report(names));
        out.printf(
                Locale.ROOT,
                "%ntest accuracy %.4f, test loss %.4f; %d epochs in %.1f s (%.1f s/epoch, %,.0f" + " samples/s)%n",
                testLogs.get("accuracy"),
                testLogs.get("loss"),
                epochsRun,
                seconds,
                seconds / Math.max(1, epochsRun),
                (double) parts[0].size() * epochsRun / seconds);
        out.println("wrote " + o.out().resolve("model") + ", metrics.json, confusion-matrix.png, training-curves.png,"
                + " history.csv in " + o.out());
        return metrics;
    }

    /** Loads a model folder written by {@code image train}, refusing those of other applications. */
    static ModelFile.Loaded loadImageModel(Path dir) throws IOException {
        ModelFile.Loaded loaded = ModelFile.load(dir);
        Object app = loaded.metadata().get("application");
        if (!APPLICATION.equals(app)) {
            throw new IllegalArgumentException("model folder " + dir + " was saved by the '" + app + "' application,"
                    + " not by 'image'; use that application's commands");
        }
        return loaded;
    }

    public Map<String, Double> evaluate(Path modelDir, String data) throws IOException {
        ModelFile.Loaded loaded = loadImageModel(modelDir);
        Map<String, Object> meta = loaded.metadata();
        Source source = resolve(data != null ? data : String.valueOf(meta.get("dataset")), false);
        ImageData.Splits splits = ImageData.load(source.dir(), 0);
        if (splits.height() != number(meta, "height") || splits.width() != number(meta, "width")) {
            throw new IllegalArgumentException(
                    "the model expects " + number(meta, "height") + "x" + number(meta, "width") + " images but "
                            + source.dir() + " holds " + splits.height() + "x" + splits.width());
        }
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) meta.get("classes");
        float[] norm = {(float) number(meta, "mean"), (float) number(meta, "std")};
        ArrayDataset test = normalise(splits.test(), norm);
        NdArray predictions = Trainer.predict(loaded.model(), test.features(), 512);
        ConfusionMatrix cm = new ConfusionMatrix(names.size());
        cm.update(predictions, test.targets());
        double loss = new CrossEntropy()
                .apply(Tensor.constant(predictions), test.targets())
                .item();
        out.printf(
                Locale.ROOT,
                "%s test set, %,d images: accuracy %.4f, loss %.4f%n%n",
                source.name(),
                test.size(),
                cm.accuracy(),
                loss);
        out.print(cm.report(names));
        out.println();
        out.print(cm.table(names));
        return Map.of("accuracy", cm.accuracy(), "loss", loss);
    }

    /** Prints the top 3 classes of each picture; returns how many could not be read. */
    public int predict(Path modelDir, List<Path> files, PrintStream err) throws IOException {
        ModelFile.Loaded loaded = loadImageModel(modelDir);
        Map<String, Object> meta = loaded.metadata();
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) meta.get("classes");
        int h = (int) number(meta, "height");
        boolean digits = !"fill".equals(meta.get("framing"));
        float mean = (float) number(meta, "mean"), std = (float) number(meta, "std");
        int failures = 0;
        for (Path file : files) {
            float[] pixels;
            try {
                pixels = ImagePreprocess.toModelInput(ImagePreprocess.read(file), h, digits);
            } catch (java.nio.file.NoSuchFileException e) {
                err.println("backprop: " + file + ": no such file; skipping it");
                failures++;
                continue;
            } catch (IOException | RuntimeException e) {
                err.println("backprop: " + file + ": cannot read this image (" + e.getMessage() + "); skipping it");
                failures++;
                continue;
            }
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (pixels[i] - mean) / std;
            }
            NdArray logits = Trainer.predict(loaded.model(), NdArray.wrap(pixels, Shape.of(1, 1, h, h)), 1);
            float[] p = Tensor.constant(logits).softmax(1).value().toArray();
            Integer[] order = IntStream.range(0, p.length)
                    .boxed()
                    .sorted((a, b) -> Float.compare(p[b], p[a]))
                    .toArray(Integer[]::new);
            StringBuilder line = new StringBuilder(file.toString()).append(':');
            for (int k = 0; k < Math.min(3, order.length); k++) {
                line.append(String.format(Locale.ROOT, "  %s %.1f%%", names.get(order[k]), 100 * p[order[k]]));
            }
            out.println(line);
        }
        return failures;
    }

    private static double number(Map<String, Object> meta, String key) {
        if (!(meta.get(key) instanceof Number n)) {
            throw new IllegalArgumentException(
                    "the model's metadata lacks '" + key + "'; was it saved by 'image train'?");
        }
        return n.doubleValue();
    }

    static float[] meanAndStd(ArrayDataset data) {
        float[] x = data.features().toArray();
        double sum = 0, squares = 0;
        for (float v : x) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / x.length, var = squares / x.length - mean * mean;
        return new float[] {(float) mean, (float) Math.sqrt(Math.max(var, 1e-12))};
    }

    static ArrayDataset normalise(ArrayDataset data, float[] norm) {
        if (norm[0] == 0f && norm[1] == 1f) {
            return data;
        }
        return new ArrayDataset(data.features().sub(norm[0]).div(norm[1]), data.targets());
    }

    private static Map<String, Object> perClass(ConfusionMatrix cm, List<String> names) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int c = 0; c < cm.classes(); c++) {
            out.put(
                    names.get(c),
                    Map.of(
                            "precision",
                            cm.precision(c),
                            "recall",
                            cm.recall(c),
                            "f1",
                            cm.f1(c),
                            "support",
                            cm.support(c)));
        }
        return out;
    }

    private static Map<String, Object> averages(ConfusionMatrix cm, boolean macro) {
        return macro
                ? Map.of("precision", cm.macro(cm::precision), "recall", cm.macro(cm::recall), "f1", cm.macro(cm::f1))
                : Map.of(
                        "precision",
                        cm.weighted(cm::precision),
                        "recall",
                        cm.weighted(cm::recall),
                        "f1",
                        cm.weighted(cm::f1));
    }

    private static List<List<Long>> matrix(ConfusionMatrix cm) {
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : cm.counts()) {
            rows.add(java.util.Arrays.stream(row).boxed().toList());
        }
        return rows;
    }
}
