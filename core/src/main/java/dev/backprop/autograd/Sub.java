package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = a - b}, broadcasting. */
public final class Sub implements BinaryOp {
    @Override
    public Result forward(NdArray a, NdArray b) {
        return new Result(
                a.sub(b),
                gradOut -> List.of(
                        gradOut.sumTo(a.shape()), gradOut.sumTo(b.shape()).neg()));
    }
}
