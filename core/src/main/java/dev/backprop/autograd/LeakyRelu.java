package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** {@code y = x} for {@code x > 0}, else {@code slope * x}. */
public final class LeakyRelu implements UnaryOp {
    private final float slope;

    public LeakyRelu(float slope) {
        this.slope = slope;
    }

    @Override
    public Result forward(NdArray x) {
        float s = slope;
        return new Result(x.map(v -> v > 0 ? v : s * v), gradOut -> List.of(gradOut.mul(x.map(v -> v > 0 ? 1f : s))));
    }
}
