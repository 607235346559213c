package dev.backprop.loss;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.tensor.Tensor;

/**
 * Categorical cross-entropy from logits {@code [N, K]} (softmax fused, so finite for any logits). The target is either
 * class indices {@code [N]} or distributions {@code [N, K]} (one-hot or soft). Label smoothing {@code s} mixes the
 * target with the uniform distribution: {@code (1 - s) t + s / K}, as in PyTorch and Keras.
 *
 * {@snippet :
 * Loss loss = new CrossEntropy();
 * Tensor value = loss.apply(model.forward(x, Phase.TRAIN), labels); // labels [N] of 0..K-1
 * }
 */
public record CrossEntropy(float labelSmoothing, Reduction reduction) implements Loss {
    public CrossEntropy {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException(
                    "CrossEntropy: label smoothing must be in [0, 1), got " + labelSmoothing);
        }
    }

    public CrossEntropy() {
        this(0f, Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor logits, NdArray target) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("CrossEntropy: logits " + logits.shape() + " must be [batch, classes]");
        }
        NdArray distribution = distribution(logits.shape(), target);
        if (labelSmoothing > 0) {
            distribution = distribution
                    .mul(1 - labelSmoothing)
                    .add(labelSmoothing / logits.shape().dim(1));
        }
        return Loss.reduce(logits.softmaxCrossEntropy(distribution), reduction);
    }

    /** One-hot rows from class indices, or the target itself when it already has the logits' shape. */
    static NdArray distribution(Shape logits, NdArray target) {
        int n = logits.dim(0), k = logits.dim(1);
        if (target.shape().equals(logits)) {
            return target;
        }
        if (target.rank() != 1 || target.shape().dim(0) != n) {
            throw new IllegalArgumentException("CrossEntropy: target " + target.shape() + " must be class indices [" + n
                    + "] or distributions " + logits + " for logits " + logits);
        }
        float[] labels = target.toArray();
        float[] oneHot = new float[n * k];
        for (int i = 0; i < n; i++) {
            int c = (int) labels[i];
            if (c != labels[i] || c < 0 || c >= k) {
                throw new IllegalArgumentException("CrossEntropy: label " + labels[i] + " at position " + i
                        + " is not a class index in [0, " + k + ")");
            }
            oneHot[i * k + c] = 1f;
        }
        return NdArray.wrap(oneHot, logits);
    }
}
