package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import java.util.List;

/**
 * PyTorch's {@code gather}: {@code y[..i..] = x[..index[..i..]..]} along {@code axis}, the output shaped like the index.
 * The gradient is scatter-added to the positions read.
 */
public final class Gather implements UnaryOp {
    private final int axis;
    private final int[] index;
    private final Shape indexShape;

    public Gather(int axis, int[] index, Shape indexShape) {
        this.axis = axis;
        this.index = index.clone();
        this.indexShape = indexShape;
    }

    @Override
    public Result forward(NdArray x) {
        int[] positions = x.gatherPositions(axis, index, indexShape);
        return new Result(
                x.take(positions, indexShape), gradOut -> List.of(NdArray.scatterAdd(x.shape(), positions, gradOut)));
    }
}
