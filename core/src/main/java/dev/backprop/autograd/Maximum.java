package dev.backprop.autograd;

import dev.backprop.array.NdArray;

/** Element-wise {@code max(a, b)}; on ties each input gets half the gradient, as in PyTorch. */
public final class Maximum implements BinaryOp {
    @Override
    public Result forward(NdArray a, NdArray b) {
        return new Result(a.maximum(b), gradOut -> Minimum.route(gradOut, a.gt(b), a.eq(b), a, b));
    }
}
