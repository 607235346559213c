package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = x^p} for a constant p: {@code dy/dx = p x^(p-1)}. */
public final class PowScalar implements UnaryOp {
    private final float p;

    public PowScalar(float p) {
        this.p = p;
    }

    @Override
    public Result forward(NdArray x) {
        return new Result(
                x.pow(p), gradOut -> List.of(gradOut.mul(x.pow(p - 1f)).mul(p)));
    }
}
