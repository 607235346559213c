package dev.backprop.cli;

import dev.backprop.apps.digits.ImageApp;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backprop image}: train, evaluate and use an image classifier. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description = "Image classification with a CNN on MNIST, Fashion-MNIST or any MNIST-style folder.",
        subcommands = {ImageCommand.Train.class, ImageCommand.Evaluate.class, ImageCommand.Predict.class})
final class ImageCommand {
    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description = "Train a model and write it, its metrics" + " and charts into --out.")
    static final class Train implements Callable<Integer> {
        @Option(
                names = "--data",
                defaultValue = "mnist",
                description = "mnist, fashion-mnist, or a folder with the"
                        + " four IDX files (default: ${DEFAULT-VALUE}; a known dataset is fetched when missing)")
        String data;

        @Option(
                names = "--model",
                defaultValue = "cnn",
                description = "cnn (one convolution), cnn2 (two, as Keras's original mnist_cnn.py) or mlp"
                        + " (default: ${DEFAULT-VALUE})")
        String model;

        @Option(names = "--epochs", defaultValue = "3", description = "default: ${DEFAULT-VALUE}")
        int epochs;

        @Option(names = "--batch", defaultValue = "128", description = "default: ${DEFAULT-VALUE}")
        int batch;

        @Option(
                names = "--lr",
                defaultValue = "0.001",
                description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
        double lr;

        @Option(names = "--seed", defaultValue = "42", description = "default: ${DEFAULT-VALUE}")
        long seed;

        @Option(names = "--limit", defaultValue = "0", description = "train on the first N training images only")
        int limit;

        @Option(
                names = "--validation-split",
                defaultValue = "0.1",
                description = "last fraction of the training"
                        + " images held out for validation (default: ${DEFAULT-VALUE}; 0 for none)")
        double validationSplit;

        @Option(
                names = "--standardize",
                description = "standardise pixels by the training mean and std (default:" + " scale to [0, 1] only)")
        boolean standardize;

        @Option(names = "--out", description = "output folder (default: runs/image-<timestamp>)")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (epochs < 1 || batch < 1 || !(lr > 0) || limit < 0 || validationSplit < 0 || validationSplit >= 1) {
                throw new IllegalArgumentException("image train: --epochs and --batch must be >= 1, --lr > 0, --limit"
                        + " >= 0 and --validation-split in [0, 1)");
            }
            Path folder = out != null
                    ? out
                    : Path.of(
                            "runs",
                            "image-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            new ImageApp(System.out)
                    .train(new ImageApp.TrainOptions(
                            data, model, epochs, batch, lr, seed, limit, folder, standardize, validationSplit));
            return 0;
        }
    }

    @Command(
            name = "evaluate",
            mixinStandardHelpOptions = true,
            description = "Accuracy, per-class report and" + " confusion matrix of a trained model on a test set.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "the model folder (…/model) written by image train")
        Path model;

        @Option(names = "--data", description = "dataset name or folder (default: the one the model was trained on)")
        String data;

        @Override
        public Integer call() throws Exception {
            new ImageApp(System.out).evaluate(model, data);
            return 0;
        }
    }

    @Command(
            name = "predict",
            mixinStandardHelpOptions = true,
            description = "Top 3 classes of PNG, JPEG or PGM" + " images of any size, converted as MNIST was made.")
    static final class Predict implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "the model folder (…/model) written by image train")
        Path model;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "images to classify")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            int failures = new ImageApp(System.out).predict(model, files, System.err);
            return failures == 0 ? 0 : 1;
        }
    }
}
