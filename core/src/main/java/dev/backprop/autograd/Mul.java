package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.Arrays;

/** Element-wise product {@code y = a * b}, broadcasting like NumPy. */
public final class Mul implements BinaryOp {
    @Override
    public Result forward(NdArray a, NdArray b) {
        return new Result(
                a.mul(b),
                Pullback.selective(
                        2,
                        (gradOut, needed) -> Arrays.asList( // a constant factor (a mask) needs no gradient
                                needed[0]
                                        ? gradOut.mul(b).sumTo(a.shape())
                                        : null, // dy/da = b, summed over broadcast axes
                                needed[1] ? gradOut.mul(a).sumTo(b.shape()) : null))); // dy/db = a
    }
}
