package dev.backprop.loss;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;

/**
 * Binary cross-entropy on logits z, the stable form {@code max(z, 0) - z t + log(1 + e^-|z|)}: finite for any z.
 */
public record BinaryCrossEntropyWithLogits(Reduction reduction) implements Loss {
    public BinaryCrossEntropyWithLogits() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor logits, NdArray target) {
        Loss.checkSameShape("BinaryCrossEntropyWithLogits", logits, target);
        Tensor perElement = logits.relu()
                .sub(logits.mul(Tensor.constant(target)))
                .add(logits.abs().neg().softplus());
        return Loss.reduce(perElement, reduction);
    }
}
