package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.kernel.DropoutMask;
import java.util.List;

/**
 * Inverted dropout as one op: {@code y = x * mask}, each mask element {@code 1 / (1 - rate)} with probability {@code 1
 * - rate}, else 0 ({@link DropoutMask}). Memory traffic, not arithmetic, bounds dropout, so the mask is never stored:
 * it is a function of the seed and the element's index, which the pullback evaluates again ({@code dy/dx = mask}).
 */
public final class Dropout implements UnaryOp {
    private final DropoutMask mask;

    public Dropout(float rate, long seed) {
        this.mask = new DropoutMask(rate, seed);
    }

    @Override
    public Result forward(NdArray x) {
        NdArray y = NdArray.uninitialized(x.shape());
        mask.applyAll(x.owned().buffer(), y.buffer());
        return new Result(y, gradOut -> {
            NdArray gradX = NdArray.uninitialized(x.shape());
            mask.applyAll(gradOut.owned().buffer(), gradX.buffer());
            return List.of(gradX);
        });
    }
}
