package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** Element-wise {@code min(a, b)}; on ties each input gets half the gradient, as in PyTorch. */
public final class Minimum implements BinaryOp {
    @Override
    public Result forward(NdArray a, NdArray b) {
        return new Result(a.minimum(b), gradOut -> route(gradOut, a.lt(b), a.eq(b), a, b));
    }

    /** Sends the gradient to {@code a} where {@code aWins}, to {@code b} elsewhere, half to each on ties. */
    static List<NdArray> route(NdArray gradOut, NdArray aWins, NdArray ties, NdArray a, NdArray b) {
        NdArray shareA = aWins.add(ties.mul(0.5f));
        NdArray gradA = gradOut.mul(shareA);
        NdArray gradB = gradOut.sub(gradA);
        return List.of(gradA.sumTo(a.shape()), gradB.sumTo(b.shape()));
    }
}
