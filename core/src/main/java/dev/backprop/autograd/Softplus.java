package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = ln(1 + e^x)}, computed without overflow: {@code dy/dx = sigmoid(x)}. */
public final class Softplus implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.unary(dev.backprop.array.kernel.UnaryFn.SOFTPLUS);
        return new Result(y, gradOut -> List.of(gradOut.mul(x.sigmoid())));
    }
}
