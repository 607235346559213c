package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** Element-wise product {@code y = a * b}, broadcasting like NumPy. */
public final class Mul implements BinaryOp {
    @Override
    public Result forward(NdArray a, NdArray b) {
        return new Result(
                a.mul(b),
                gradOut -> List.of(
                        gradOut.mul(b).sumTo(a.shape()), // dy/da = b, summed over broadcast axes
                        gradOut.mul(a).sumTo(b.shape()))); // dy/db = a
    }
}
