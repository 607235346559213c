package dev.backprop.nn;

import dev.backprop.tensor.Tensor;

/** Max pooling over {@code kernel x kernel} windows of NCHW input; the stride defaults to the kernel size. */
public final class MaxPool2d extends Pool2d {
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    public Tensor forward(Tensor x, Phase phase) {
        return x.maxPool2d(window(), strides(), paddings());
    }
}
