package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import java.util.List;

/** Sum over {@code axes}; the gradient is broadcast back over them. */
public final class Sum implements UnaryOp {
    private final int[] axes;
    private final boolean keepDims;

    public Sum(int[] axes, boolean keepDims) {
        this.axes = axes.clone();
        this.keepDims = keepDims;
    }

    @Override
    public Result forward(NdArray x) {
        NdArray kept = x.sum(axes, true);
        Shape keptShape = kept.shape();
        NdArray y = keepDims ? kept : x.sum(axes, false);
        return new Result(y, gradOut -> List.of(gradOut.reshape(keptShape).expand(x.shape())));
    }
}
