package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = a / b}, broadcasting: dy/da = 1/b, dy/db = -y/b. */
public final class Div implements BinaryOp {
    @Override
    public Result forward(NdArray a, NdArray b) {
        NdArray y = a.div(b);
        return new Result(y, gradOut -> {
            NdArray gradA = gradOut.div(b);
            return List.of(gradA.sumTo(a.shape()), gradA.mul(y).neg().sumTo(b.shape()));
        });
    }
}
