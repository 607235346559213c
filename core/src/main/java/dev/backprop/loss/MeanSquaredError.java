package dev.backprop.loss;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;

/** {@code (prediction - target)^2}, element-wise, then reduced. */
public record MeanSquaredError(Reduction reduction) implements Loss {
    public MeanSquaredError() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor prediction, NdArray target) {
        Loss.checkSameShape("MeanSquaredError", prediction, target);
        return Loss.reduce(prediction.sub(Tensor.constant(target)).square(), reduction);
    }
}
