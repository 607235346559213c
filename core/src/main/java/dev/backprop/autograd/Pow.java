package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = a^b} element-wise: dy/da = b a^(b-1), dy/db = y ln a (defined for a > 0). */
public final class Pow implements BinaryOp {
    @Override
    public Result forward(NdArray a, NdArray b) {
        NdArray y = a.pow(b);
        return new Result(
                y,
                gradOut -> List.of(
                        gradOut.mul(b).mul(a.pow(b.sub(1f))).sumTo(a.shape()),
                        gradOut.mul(y).mul(a.log()).sumTo(b.shape())));
    }
}
