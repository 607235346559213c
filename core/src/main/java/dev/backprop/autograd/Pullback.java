package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/**
 * Maps the gradient of an op's output to the gradients of its inputs, in input order. It closes over what the
 * derivative needs (inputs, the output, masks), so there is no saved-state object.
 *
 * <p>Most ops write it as a lambda {@code gradOut -> List.of(...)}. An op whose input gradients are expensive (matmul,
 * convolution) overrides {@link #apply(NdArray, boolean[])} through {@link #selective} to skip the ones nobody needs,
 * such as the gradient of the data batch.
 */
@FunctionalInterface
public interface Pullback {
    List<NdArray> apply(NdArray gradOut);

    /** As {@link #apply(NdArray)}; {@code needed[i]} false allows a null in place of input {@code i}'s gradient. */
    default List<NdArray> apply(NdArray gradOut, boolean[] needed) {
        return apply(gradOut);
    }

    /** A pullback that is told which input gradients are needed. */
    interface Selective {
        List<NdArray> apply(NdArray gradOut, boolean[] needed);
    }

    /** Wraps a selective pullback of an op with {@code inputs} inputs; called without a mask it computes every gradient. */
    static Pullback selective(int inputs, Selective body) {
        return new Pullback() {
            @Override
            public List<NdArray> apply(NdArray gradOut) {
                boolean[] all = new boolean[inputs];
                java.util.Arrays.fill(all, true);
                return body.apply(gradOut, all);
            }

            @Override
            public List<NdArray> apply(NdArray gradOut, boolean[] needed) {
                return body.apply(gradOut, needed);
            }
        };
    }
}
