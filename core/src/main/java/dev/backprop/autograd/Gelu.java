package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** Exact GELU {@code y = x Phi(x)} (Hendrycks and Gimpel, 2016): {@code dy/dx = Phi(x) + x phi(x)}. */
public final class Gelu implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.unary(dev.backprop.array.kernel.UnaryFn.GELU);
        return new Result(
                y,
                gradOut -> List.of(gradOut.mul(x.map(v -> (float) (dev.backprop.array.kernel.UnaryFn.normalCdf(v)
                        + v * dev.backprop.array.kernel.UnaryFn.normalPdf(v))))));
    }
}
