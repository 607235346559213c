package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = tanh x}: {@code dy/dx = 1 - y^2}. */
public final class Tanh implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.tanh();
        return new Result(y, gradOut -> List.of(gradOut.mul(y.square().neg().add(1f))));
    }
}
