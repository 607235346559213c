package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.kernel.UnaryFn;
import java.util.List;

/** Exact GELU {@code y = x Phi(x)} (Hendrycks and Gimpel, 2016): {@code dy/dx = Phi(x) + x phi(x)}. */
public final class Gelu implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.unary(UnaryFn.GELU);
        return new Result(y, gradOut -> List.of(gradOut.mul(x.unary(UnaryFn.GELU_DERIVATIVE))));
    }
}
