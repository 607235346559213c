package dev.backprop.apps.digits;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.data.ArrayDataset;
import dev.backprop.io.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads an MNIST-style folder (the four standard IDX files, raw or {@code .gz}) as datasets of {@code [N, 1, H, W]}
 * images scaled to [0, 1] and {@code [N]} labels. Every file is checked before training starts: the IDX layout, ranks,
 * that image and label counts agree, and that labels are small class indices.
 */
public final class ImageData {
    /** Training and test sets, image size, and the number of classes (largest label + 1). */
    public record Splits(ArrayDataset train, ArrayDataset test, int height, int width, int classes) {}

    private ImageData() {}

    /** {@code dir/name}, else {@code dir/name.gz}, else null. */
    static Path locate(Path dir, String name) {
        Path raw = dir.resolve(name), gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(raw) ? raw : Files.isRegularFile(gz) ? gz : null;
    }

    /** Loads the folder; {@code limit > 0} keeps the first {@code limit} training images. */
    public static Splits load(Path dir, int limit) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(
                    dir.toString(),
                    null,
                    "no dataset folder here; get one with"
                            + " './backprop data get mnist' (or fashion-mnist), or point --data at a folder with the four IDX"
                            + " files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                            + " t10k-labels-idx1-ubyte, raw or .gz)");
        }
        Idx.Contents trainImages = read(dir, ImageDataset.TRAIN_IMAGES);
        Idx.Contents trainLabels = read(dir, ImageDataset.TRAIN_LABELS);
        Idx.Contents testImages = read(dir, ImageDataset.TEST_IMAGES);
        Idx.Contents testLabels = read(dir, ImageDataset.TEST_LABELS);
        checkPair(dir, ImageDataset.TRAIN_IMAGES, trainImages, ImageDataset.TRAIN_LABELS, trainLabels);
        checkPair(dir, ImageDataset.TEST_IMAGES, testImages, ImageDataset.TEST_LABELS, testLabels);
        int h = trainImages.dims()[1], w = trainImages.dims()[2];
        if (testImages.dims()[1] != h || testImages.dims()[2] != w) {
            throw new IllegalArgumentException(
                    "dataset " + dir + ": training images are " + h + "x" + w + " but test images are "
                            + testImages.dims()[1] + "x" + testImages.dims()[2]);
        }
        int classes = Math.max(maxLabel(trainLabels), maxLabel(testLabels)) + 1;
        int n = limit > 0 ? Math.min(limit, trainImages.count()) : trainImages.count();
        return new Splits(
                dataset(trainImages, trainLabels, n),
                dataset(testImages, testLabels, testImages.count()),
                h,
                w,
                classes);
    }

    private static Idx.Contents read(Path dir, String name) throws IOException {
        Path file = locate(dir, name);
        if (file == null) {
            throw new NoSuchFileException(
                    dir.resolve(name).toString(),
                    null,
                    "missing from the dataset folder" + " (expected " + name + " or " + name + ".gz)");
        }
        return Idx.read(file);
    }

    private static void checkPair(
            Path dir, String imagesName, Idx.Contents images, String labelsName, Idx.Contents labels) {
        if (images.dims().length != 3) {
            throw new IllegalArgumentException(
                    dir.resolve(imagesName) + ": images must have 3 dimensions [count, height,"
                            + " width], this file has " + java.util.Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1) {
            throw new IllegalArgumentException(dir.resolve(labelsName) + ": labels must have 1 dimension [count], this"
                    + " file has " + java.util.Arrays.toString(labels.dims()));
        }
        if (images.count() != labels.count()) {
            throw new IllegalArgumentException(dir + ": " + imagesName + " holds " + images.count() + " images but "
                    + labelsName + " holds " + labels.count() + " labels");
        }
        if (images.count() == 0) {
            throw new IllegalArgumentException(dir.resolve(imagesName) + " holds no images");
        }
    }

    private static int maxLabel(Idx.Contents labels) {
        int max = 0;
        for (byte b : labels.data()) {
            max = Math.max(max, b & 0xff);
        }
        return max;
    }

    private static ArrayDataset dataset(Idx.Contents images, Idx.Contents labels, int n) {
        int h = images.dims()[1], w = images.dims()[2], pixels = h * w;
        float[] x = new float[n * pixels];
        byte[] raw = images.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = (raw[i] & 0xff) / 255f;
        }
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.data()[i] & 0xff;
        }
        return new ArrayDataset(NdArray.wrap(x, Shape.of(n, 1, h, w)), NdArray.wrap(y, Shape.of(n)));
    }
}
