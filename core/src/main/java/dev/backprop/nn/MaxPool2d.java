package dev.backprop.nn;

import dev.backprop.tensor.Tensor;
import java.util.Map;

/** Max pooling over {@code kernel x kernel} windows of NCHW input; the stride defaults to the kernel size. */
public final class MaxPool2d implements Layer {
    private final int kernel;
    private final int stride;
    private final int padding;

    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("MaxPool2d(kernel " + kernel + ", stride " + stride + ", padding "
                    + padding + "): kernel and stride must be >= 1, padding at most half the kernel");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor x, Phase phase) {
        return x.maxPool2d(new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding});
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "MaxPool2d", "kernel", kernel, "stride", stride, "padding", padding);
    }
}
