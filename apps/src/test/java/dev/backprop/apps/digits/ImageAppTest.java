package dev.backprop.apps.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.io.Idx;
import dev.backprop.io.Json;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Dense;
import dev.backprop.nn.Sequential;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image application end to end on tiny synthetic data in the real IDX format. */
class ImageAppTest {
    static final int SIZE = 12;

    /** Class 0: a vertical bar; class 1: a horizontal bar; class 2: a square ring; jittered and noisy. */
    static byte[] drawing(int label, SplittableRandom rng) {
        byte[] px = new byte[SIZE * SIZE];
        int dx = rng.nextInt(-2, 3), dy = rng.nextInt(-2, 3);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int u = x - dx, v = y - dy;
                boolean ink = switch (label) {
                    case 0 -> u >= 5 && u <= 6 && v >= 2 && v <= 9;
                    case 1 -> v >= 5 && v <= 6 && u >= 2 && u <= 9;
                    default -> (u == 3 || u == 8 || v == 3 || v == 8) && u >= 3 && u <= 8 && v >= 3 && v <= 8;
                };
                px[y * SIZE + x] = (byte) (ink ? 200 + rng.nextInt(56) : rng.nextInt(30));
            }
        }
        return px;
    }

    static void writeSplit(Path dir, String images, String labels, int n, long seed) throws Exception {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] x = new byte[n * SIZE * SIZE];
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (i % 3);
            System.arraycopy(drawing(i % 3, rng), 0, x, i * SIZE * SIZE, SIZE * SIZE);
        }
        Files.write(dir.resolve(images), Idx.encode(new int[] {n, SIZE, SIZE}, x));
        Files.write(dir.resolve(labels), Idx.encode(new int[] {n}, y));
    }

    static Path tinyDataset(Path dir) throws Exception {
        Files.createDirectories(dir);
        writeSplit(dir, ImageDataset.TRAIN_IMAGES, ImageDataset.TRAIN_LABELS, 300, 1);
        writeSplit(dir, ImageDataset.TEST_IMAGES, ImageDataset.TEST_LABELS, 90, 2);
        return dir;
    }

    static String run(ThrowingConsumer<PrintStream> body) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        body.accept(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        return buffer.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingConsumer<T> {
        void accept(T t) throws Exception;
    }

    @Test
    void trainEvaluatePredictOnATinyDataset(@TempDir Path tmp) throws Exception {
        Path data = tinyDataset(tmp.resolve("shapes"));
        Path out = tmp.resolve("run");
        String log = run(o -> new ImageApp(o)
                .train(new ImageApp.TrainOptions(data.toString(), "cnn", 4, 16, 0.003, 7, 0, out, true, 0.1)));
        assertTrue(log.contains("test accuracy"), log);
        Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(out.resolve("metrics.json")));
        for (String key : List.of(
                "test_accuracy",
                "test_loss",
                "epochs",
                "train_seconds",
                "samples_per_second",
                "per_class",
                "macro_avg",
                "weighted_avg",
                "confusion_matrix")) {
            assertTrue(metrics.containsKey(key), key + " missing from " + metrics.keySet());
        }
        assertTrue(
                ((Number) metrics.get("test_accuracy")).doubleValue() > 0.9,
                metrics.get("test_accuracy").toString());
        assertTrue(isPng(out.resolve("confusion-matrix.png")) && isPng(out.resolve("training-curves.png")));

        String evaluation = run(o -> new ImageApp(o).evaluate(out.resolve("model"), data.toString()));
        assertTrue(evaluation.contains("accuracy") && evaluation.contains("true \\ pred"), evaluation);

        Path bar = tmp.resolve("bar.png"); // a dark vertical bar on white, larger than the training images
        BufferedImage image = new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 60; x++) {
                image.setRGB(x, y, x >= 26 && x <= 33 && y >= 10 && y <= 70 ? 0x101010 : 0xffffff);
            }
        }
        ImageIO.write(image, "png", bar.toFile());
        Path broken = tmp.resolve("broken.png");
        Files.writeString(broken, "not an image");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] failures = new int[1];
        String predictions = run(o -> failures[0] = new ImageApp(o)
                .predict(
                        out.resolve("model"),
                        List.of(broken, bar),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(1, failures[0]);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("broken.png"), err.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream missingErr = new ByteArrayOutputStream();
        run(o -> new ImageApp(o)
                .predict(
                        out.resolve("model"),
                        List.of(tmp.resolve("absent.png")),
                        new PrintStream(missingErr, true, StandardCharsets.UTF_8)));
        assertTrue(
                missingErr.toString(StandardCharsets.UTF_8).contains("absent.png: no such file"),
                missingErr.toString(StandardCharsets.UTF_8));
        assertTrue(predictions.startsWith(bar + ":  0 "), predictions); // the bar is class 0, ranked first
    }

    @Test
    void theTwoConvolutionModelTrainsSavesAndEvaluates(@TempDir Path tmp) throws Exception {
        Path data = tinyDataset(tmp.resolve("shapes"));
        Path out = tmp.resolve("run");
        run(o -> new ImageApp(o)
                .train(new ImageApp.TrainOptions(data.toString(), "cnn2", 4, 16, 0.003, 7, 0, out, false, 0.1)));
        Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(out.resolve("metrics.json")));
        assertEquals("cnn2", metrics.get("model"));
        double accuracy = ((Number) metrics.get("test_accuracy")).doubleValue();
        assertTrue(accuracy > 0.9, "test accuracy " + accuracy);
        String evaluation = run(o -> new ImageApp(o).evaluate(out.resolve("model"), data.toString()));
        assertTrue(evaluation.contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", accuracy)), evaluation);
    }

    static boolean isPng(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        return b.length > 8 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    @Test
    void badDatasetsFailBeforeTraining(@TempDir Path tmp) throws Exception {
        Path data = tinyDataset(tmp.resolve("d"));
        Files.write(data.resolve(ImageDataset.TEST_LABELS), Idx.encode(new int[] {89}, new byte[89]));
        IllegalArgumentException counts = assertThrows(IllegalArgumentException.class, () -> ImageData.load(data, 0));
        assertTrue(
                counts.getMessage().contains("90 images") && counts.getMessage().contains("89 labels"),
                counts.getMessage());
        Files.delete(data.resolve(ImageDataset.TEST_LABELS));
        Exception missing = assertThrows(java.nio.file.NoSuchFileException.class, () -> ImageData.load(data, 0));
        assertTrue(missing.getMessage().contains(ImageDataset.TEST_LABELS), missing.getMessage());
        Exception noFolder =
                assertThrows(java.nio.file.NoSuchFileException.class, () -> ImageData.load(tmp.resolve("nowhere"), 0));
        assertTrue(noFolder.getMessage().contains("data get mnist"), noFolder.getMessage());
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void modelsOfOtherApplicationsAreRefused(@TempDir Path tmp) throws Exception {
        ModelFile.save(
                tmp.resolve("m"),
                new Sequential(new Dense(2, 2, new SplittableRandom(1))),
                Map.of("application", "sentiment"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new ImageApp(System.out).evaluate(tmp.resolve("m"), null));
        assertTrue(e.getMessage().contains("'sentiment'"), e.getMessage());
    }

    @Test
    void preprocessingCentresAndScalesLikeMnist() throws Exception {
        float[] px = new float[100 * 50];
        java.util.Arrays.fill(px, 1f); // white page
        for (int y = 20; y < 80; y++) {
            for (int x = 5; x < 15; x++) {
                px[y * 50 + x] = 0f; // a black bar near the left edge
            }
        }
        float[] input = ImagePreprocess.toModelInput(new ImagePreprocess.Grey(px, 50, 100), 28, true);
        double mass = 0, mx = 0, my = 0;
        int top = 28, bottom = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                float v = input[y * 28 + x];
                mass += v;
                mx += v * x;
                my += v * y;
                if (v > 0.5f) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        assertEquals(13.5, mx / mass, 1.0); // centre of mass in the middle, inverted to bright ink
        assertEquals(13.5, my / mass, 1.0);
        assertEquals(20, bottom - top + 1, 1); // the long side scaled to 20 pixels
        byte[] pgm = "P2\n# a comment\n2 2\n255\n0 255\n128 64\n".getBytes(StandardCharsets.US_ASCII);
        ImagePreprocess.Grey g = ImagePreprocess.readPgm(pgm, Path.of("x.pgm"));
        assertEquals(1f, g.pixels()[1]);
        assertThrows(
                java.io.IOException.class,
                () -> ImagePreprocess.readPgm(
                        "P5\n4 4\n255\n12".getBytes(StandardCharsets.US_ASCII), Path.of("t.pgm")));
    }

    @Test
    void tarExtractionAndChecksums() throws Exception {
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", DatasetFetcher.md5(new byte[0]));
        byte[] tar = new byte[512 * 4];
        byte[] name = "package/data/x".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, tar, 0, name.length);
        byte[] size = "00000000003\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, tar, 124, size.length);
        tar[156] = '0';
        tar[512] = 'a';
        tar[513] = 'b';
        tar[514] = 'c';
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(tar);
        }
        Map<String, byte[]> files = DatasetFetcher.untarGz(gz.toByteArray(), "package/data/");
        assertEquals("abc", new String(files.get("x"), StandardCharsets.US_ASCII));
    }
}
