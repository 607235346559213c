package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = ln x}: {@code dy/dx = 1/x}. */
public final class Log implements UnaryOp {
    @Override
    public Result forward(NdArray x) {
        NdArray y = x.log();
        return new Result(y, gradOut -> List.of(gradOut.div(x)));
    }
}
