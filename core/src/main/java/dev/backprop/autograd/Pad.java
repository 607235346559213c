package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** Pads with a constant; {@code widths} holds (before, after) per axis. The gradient is the unpadded middle. */
public final class Pad implements UnaryOp {
    private final int[] widths;
    private final float value;

    public Pad(int[] widths, float value) {
        this.widths = widths.clone();
        this.value = value;
    }

    @Override
    public Result forward(NdArray x) {
        return new Result(x.pad(widths, value), gradOut -> {
            NdArray middle = gradOut;
            for (int i = 0; i < x.rank(); i++) {
                middle = middle.narrow(i, widths[2 * i], x.shape().dim(i));
            }
            return List.of(middle);
        });
    }
}
