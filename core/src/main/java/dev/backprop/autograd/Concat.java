package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** Joins inputs along {@code axis}; the gradient is split back into the pieces. */
public final class Concat implements NaryOp {
    private final int axis;

    public Concat(int axis) {
        this.axis = axis;
    }

    @Override
    public Result forward(List<NdArray> inputs) {
        NdArray y = NdArray.concat(axis, inputs);
        int[] sizes = inputs.stream().mapToInt(x -> x.shape().dim(axis)).toArray();
        return new Result(y, gradOut -> gradOut.split(axis, sizes));
    }
}
