package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = 1 / (1 + e^-x)}: {@code dy/dx = y (1 - y)}. */
public final class Sigmoid implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.sigmoid();
        return new Result(y, gradOut -> List.of(gradOut.mul(y.mul(y.neg().add(1f)))));
    }
}
