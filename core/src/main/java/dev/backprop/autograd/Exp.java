package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = e^x}; the pullback reuses the output: {@code dy/dx = y}. */
public final class Exp implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.exp();
        return new Result(y, gradOut -> List.of(gradOut.mul(y)));
    }
}
