package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** Reorders axes (a view); the gradient is permuted by the inverse order. */
public final class Permute implements UnaryOp {
    private final int[] axes;

    public Permute(int... axes) {
        this.axes = axes.clone();
    }

    @Override
    public Result forward(NdArray x) {
        NdArray y = x.permute(axes);
        int[] inverse = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            inverse[x.shape().axis(axes[i])] = i;
        }
        return new Result(y, gradOut -> List.of(gradOut.permute(inverse)));
    }
}
