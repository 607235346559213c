package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = |x|}: {@code dy/dx = sign(x)} (0 at 0, as in PyTorch). */
public final class Abs implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.abs();
        return new Result(y, gradOut -> List.of(gradOut.mul(x.unary(dev.backprop.array.kernel.UnaryFn.SIGN))));
    }
}
