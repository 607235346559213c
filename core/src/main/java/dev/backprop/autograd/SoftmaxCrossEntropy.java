package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/**
 * Softmax and cross-entropy fused, per row of logits {@code z [N, K]} against target distributions {@code t [N, K]}
 * (one-hot, smoothed, or any probabilities): {@code loss_n = -sum_k t_nk log softmax(z_n)_k = lse(z_n) sum_k t_nk -
 * sum_k t_nk z_nk}. The gradient is {@code softmax(z_n) sum_k t_nk - t_n}, exact and finite for any logits. Tested
 * against the composition {@code -(t * logSoftmax(z)).sum(1)}.
 */
public final class SoftmaxCrossEntropy implements UnaryOp {
    private final NdArray target;

    public SoftmaxCrossEntropy(NdArray target) {
        this.target = target;
    }

    @Override
    public Result forward(NdArray logits) {
        if (logits.rank() != 2 || !logits.shape().equals(target.shape())) {
            throw new IllegalArgumentException("softmaxCrossEntropy: logits " + logits.shape() + " and targets "
                    + target.shape() + " must both be [batch, classes]");
        }
        int n = logits.shape().dim(0), k = logits.shape().dim(1);
        float[] z = logits.owned().buffer(), t = target.owned().buffer();
        float[] loss = new float[n];
        float[] softmax = new float[n * k];
        float[] mass = new float[n];
        for (int r = 0; r < n; r++) {
            int o = r * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, z[o + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(z[o + c] - max); // shifted by the max: no overflow
                softmax[o + c] = (float) e;
                sum += e;
            }
            double lse = max + Math.log(sum), l = 0, m = 0;
            for (int c = 0; c < k; c++) {
                softmax[o + c] = (float) (softmax[o + c] / sum);
                if (t[o + c] != 0) {
                    l += t[o + c] * (lse - z[o + c]);
                }
                m += t[o + c];
            }
            loss[r] = (float) l;
            mass[r] = (float) m;
        }
        return new Result(NdArray.wrap(loss, dev.backprop.array.Shape.of(n)), gradOut -> {
            float[] g = gradOut.owned().buffer();
            float[] grad = new float[n * k];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < k; c++) {
                    int i = r * k + c;
                    grad[i] = g[r] * (softmax[i] * mass[r] - t[i]);
                }
            }
            return List.of(NdArray.wrap(grad, logits.shape()));
        });
    }
}
