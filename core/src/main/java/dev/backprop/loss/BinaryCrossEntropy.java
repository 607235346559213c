package dev.backprop.loss;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;

/**
 * Binary cross-entropy on probabilities: {@code -(t log p + (1 - t) log(1 - p))}. Each log is clamped at -100, as
 * PyTorch does, so probabilities of exactly 0 and 1 give finite losses and gradients. Prefer
 * {@link BinaryCrossEntropyWithLogits} when the model can output logits.
 */
public record BinaryCrossEntropy(Reduction reduction) implements Loss {
    private static final float EPS = 1e-12f;

    public BinaryCrossEntropy() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor prediction, NdArray target) {
        Loss.checkSameShape("BinaryCrossEntropy", prediction, target);
        Tensor t = Tensor.constant(target);
        Tensor logP = prediction.clamp(EPS, 1f).log().clamp(-100f, 0f);
        Tensor logNotP = prediction.neg().add(1f).clamp(EPS, 1f).log().clamp(-100f, 0f);
        Tensor perElement = t.mul(logP).add(t.neg().add(1f).mul(logNotP)).neg();
        return Loss.reduce(perElement, reduction);
    }
}
