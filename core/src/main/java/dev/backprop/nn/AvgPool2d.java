package dev.backprop.nn;

import dev.backprop.tensor.Tensor;

/**
 * Average pooling over {@code kernel x kernel} windows of NCHW input (padding counts as zero, as PyTorch's default);
 * the stride defaults to the kernel size.
 */
public final class AvgPool2d extends Pool2d {
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    public Tensor forward(Tensor x, Phase phase) {
        return x.avgPool2d(window(), strides(), paddings());
    }
}
