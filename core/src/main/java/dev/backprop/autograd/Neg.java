package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = -x}. */
public final class Neg implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.neg();
        return new Result(y, gradOut -> List.of(gradOut.neg()));
    }
}
