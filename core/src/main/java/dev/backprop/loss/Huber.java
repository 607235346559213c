package dev.backprop.loss;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;

/**
 * Huber loss: {@code 0.5 d^2} for {@code |d| <= delta}, else {@code delta (|d| - 0.5 delta)}, with {@code d =
 * prediction - target}. Written as {@code 0.5 q^2 + delta (|d| - q)} with {@code q = min(|d|, delta)}. Default delta 1.
 */
public record Huber(float delta, Reduction reduction) implements Loss {
    public Huber {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("Huber: delta must be positive, got " + delta);
        }
    }

    public Huber() {
        this(1f, Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor prediction, NdArray target) {
        Loss.checkSameShape("Huber", prediction, target);
        Tensor a = prediction.sub(Tensor.constant(target)).abs();
        Tensor q = a.clamp(0f, delta);
        return Loss.reduce(q.square().mul(0.5f).add(a.sub(q).mul(delta)), reduction);
    }
}
