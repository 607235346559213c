package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/**
 * Entries {@code indices} along {@code axis} (an embedding lookup on axis 0); the gradient is scatter-added back, so
 * repeated indices accumulate.
 */
public final class IndexSelect implements UnaryOp {
    private final int axis;
    private final int[] indices;

    public IndexSelect(int axis, int[] indices) {
        this.axis = axis;
        this.indices = indices.clone();
    }

    @Override
    public Result forward(NdArray x) {
        return new Result(x.indexSelect(axis, indices), gradOut -> List.of(gradOut.indexAdd(x.shape(), axis, indices)));
    }
}
