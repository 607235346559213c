package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = max(x, 0)}: the gradient passes where {@code x > 0}. */
public final class Relu implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.relu();
        return new Result(y, gradOut -> List.of(gradOut.binary(dev.backprop.array.kernel.BinaryFn.GATE, x)));
    }
}
