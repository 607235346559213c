package dev.backprop.autograd;

import dev.backprop.array.Extremum;
import dev.backprop.array.NdArray;
import java.util.List;

/** Minimum over {@code axes}; the gradient goes to the first minimal element of each group. */
public final class Min implements UnaryOp {
    private final int[] axes;
    private final boolean keepDims;

    public Min(int[] axes, boolean keepDims) {
        this.axes = axes.clone();
        this.keepDims = keepDims;
    }

    @Override
    public Result forward(NdArray x) {
        Extremum e = x.extremum(axes, keepDims, true);
        return new Result(e.values(), gradOut -> List.of(NdArray.scatterAdd(x.shape(), e.indices(), gradOut)));
    }
}
