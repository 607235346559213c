package dev.backprop.loss;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;

/**
 * A training objective: the model's output against a target, reduced per {@link Reduction}. Targets are constants
 * (labels as class indices or one-hot rows, regression values, 0/1 labels).
 */
public interface Loss {
    Tensor apply(Tensor prediction, NdArray target);

    /** Reduces per-example losses. */
    static Tensor reduce(Tensor perExample, Reduction reduction) {
        return switch (reduction) {
            case MEAN -> perExample.mean();
            case SUM -> perExample.sum();
            case NONE -> perExample;
        };
    }

    static void checkSameShape(String loss, Tensor prediction, NdArray target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + ": prediction " + prediction.shape() + " and target "
                    + target.shape() + " must have the same shape");
        }
    }
}
