package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = min(max(x, low), high)}: the gradient passes where {@code low <= x <= high}, as in PyTorch. */
public final class Clamp implements UnaryOp {
    private final float low;
    private final float high;

    public Clamp(float low, float high) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("clamp: low " + low + " must not exceed high " + high);
        }
        this.low = low;
        this.high = high;
    }

    @Override
    public Result forward(NdArray x) {
        float lo = low, hi = high;
        return new Result(x.clamp(lo, hi), gradOut -> List.of(gradOut.mul(x.map(v -> v >= lo && v <= hi ? 1f : 0f))));
    }
}
