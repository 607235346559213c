package dev.backprop.autograd;

import dev.backprop.array.Extremum;
import dev.backprop.array.NdArray;
import java.util.List;

/** Maximum over {@code axes}; the gradient goes to the first maximal element of each group. */
public final class Max implements UnaryOp {
    private final int[] axes;
    private final boolean keepDims;

    public Max(int[] axes, boolean keepDims) {
        this.axes = axes.clone();
        this.keepDims = keepDims;
    }

    @Override
    public Result forward(NdArray x) {
        Extremum e = x.extremum(axes, keepDims, false);
        return new Result(e.values(), gradOut -> List.of(NdArray.scatterAdd(x.shape(), e.indices(), gradOut)));
    }
}
