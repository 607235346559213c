package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = mask ? a : b} with a constant mask; the gradient goes to whichever input was chosen. */
public final class Where implements BinaryOp {
    private final NdArray mask;

    public Where(NdArray mask) {
        this.mask = mask;
    }

    @Override
    public Result forward(NdArray a, NdArray b) {
        NdArray zero = NdArray.scalar(0f);
        return new Result(
                NdArray.where(mask, a, b),
                gradOut -> List.of(
                        NdArray.where(mask, gradOut, zero).sumTo(a.shape()),
                        NdArray.where(mask, zero, gradOut).sumTo(b.shape())));
    }
}
