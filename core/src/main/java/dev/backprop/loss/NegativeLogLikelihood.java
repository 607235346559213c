package dev.backprop.loss;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.tensor.Tensor;

/** {@code -logp[n, y_n]} for log-probabilities {@code [N, K]} (e.g. from logSoftmax) and class indices {@code [N]}. */
public record NegativeLogLikelihood(Reduction reduction) implements Loss {
    public NegativeLogLikelihood() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor logProbabilities, NdArray target) {
        if (logProbabilities.rank() != 2) {
            throw new IllegalArgumentException(
                    "NegativeLogLikelihood: input " + logProbabilities.shape() + " must be [batch, classes]");
        }
        int n = logProbabilities.shape().dim(0);
        NdArray oneHot = CrossEntropy.distribution(logProbabilities.shape(), target);
        int[] index = oneHot.argmax(1);
        Tensor picked = logProbabilities.gather(1, index, Shape.of(n, 1)).reshape(n);
        return Loss.reduce(picked.neg(), reduction);
    }
}
