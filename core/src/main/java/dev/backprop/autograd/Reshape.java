package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** The same elements in another shape (a view when possible); the gradient is reshaped back. */
public final class Reshape implements UnaryOp {
    private final int[] dims;

    public Reshape(int... dims) {
        this.dims = dims.clone();
    }

    @Override
    public Result forward(NdArray x) {
        return new Result(x.reshape(dims), gradOut -> List.of(gradOut.reshape(x.shape())));
    }
}
