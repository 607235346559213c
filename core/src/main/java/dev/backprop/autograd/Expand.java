package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import java.util.List;

/** Broadcasts to a larger shape without copying; the gradient sums over the broadcast axes. */
public final class Expand implements UnaryOp {
    private final Shape target;

    public Expand(Shape target) {
        this.target = target;
    }

    @Override
    public Result forward(NdArray x) {
        return new Result(x.expand(target), gradOut -> List.of(gradOut.sumTo(x.shape())));
    }
}
