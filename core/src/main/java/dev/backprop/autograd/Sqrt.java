package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = sqrt(x)}: {@code dy/dx = 1 / (2y)}. */
public final class Sqrt implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.sqrt();
        return new Result(y, gradOut -> List.of(gradOut.div(y.mul(2f))));
    }
}
