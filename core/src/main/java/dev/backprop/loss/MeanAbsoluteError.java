package dev.backprop.loss;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;

/** {@code |prediction - target|}, element-wise, then reduced (gradient 0 where they are equal). */
public record MeanAbsoluteError(Reduction reduction) implements Loss {
    public MeanAbsoluteError() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor prediction, NdArray target) {
        Loss.checkSameShape("MeanAbsoluteError", prediction, target);
        return Loss.reduce(prediction.sub(Tensor.constant(target)).abs(), reduction);
    }
}
