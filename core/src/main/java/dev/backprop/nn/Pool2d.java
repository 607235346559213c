package dev.backprop.nn;

import java.util.Map;

/**
 * What the pooling layers share: a square window, its stride and zero padding per side, checked once, and their
 * config. {@link MaxPool2d} and {@link AvgPool2d} differ only in the op they apply.
 */
abstract sealed class Pool2d implements Layer permits MaxPool2d, AvgPool2d {
    final int kernel;
    final int stride;
    final int padding;

    Pool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(kernel " + kernel + ", stride " + stride
                    + ", padding " + padding + "): kernel and stride must be >= 1, padding at most half the kernel");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    int[] window() {
        return new int[] {kernel, kernel};
    }

    int[] strides() {
        return new int[] {stride, stride};
    }

    int[] paddings() {
        return new int[] {padding, padding};
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", getClass().getSimpleName(), "kernel", kernel, "stride", stride, "padding", padding);
    }
}
