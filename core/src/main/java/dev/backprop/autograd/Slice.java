package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** Elements {@code start, start+step, ...} below {@code end} on one axis (a view); the gradient is zero elsewhere. */
public final class Slice implements UnaryOp {
    private final int axis;
    private final int start;
    private final int end;
    private final int step;

    public Slice(int axis, int start, int end, int step) {
        this.axis = axis;
        this.start = start;
        this.end = end;
        this.step = step;
    }

    @Override
    public Result forward(NdArray x) {
        return new Result(x.slice(axis, start, end, step), gradOut -> {
            NdArray gradInput = NdArray.zeros(x.shape());
            gradInput.slice(axis, start, end, step).copyFrom(gradOut);
            return List.of(gradInput);
        });
    }
}
