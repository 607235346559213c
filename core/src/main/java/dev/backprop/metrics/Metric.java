package dev.backprop.metrics;

import dev.backprop.array.NdArray;

/** A quality measure accumulated over batches: {@link #update} per batch, {@link #result} at the end, {@link #reset}. */
public interface Metric {
    /** The key in logs and histories ({@code accuracy}, {@code rmse}); validation prefixes it with {@code val_}. */
    String name();

    void update(NdArray prediction, NdArray target);

    double result();

    void reset();

    /** Class index per row: argmax of {@code [N, K]} scores, or a 0.5 threshold for {@code [N]} / {@code [N, 1]}. */
    static int[] predictedClasses(NdArray prediction) {
        if (prediction.rank() == 2 && prediction.shape().dim(1) > 1) {
            return prediction.argmax(1);
        }
        float[] p = prediction.toArray();
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] > 0.5f ? 1 : 0;
        }
        return out;
    }

    /** Class index per row of a target: indices {@code [N]} as they are, one-hot rows by argmax. */
    static int[] targetClasses(NdArray target) {
        if (target.rank() == 2 && target.shape().dim(1) > 1) {
            return target.argmax(1);
        }
        float[] t = target.toArray();
        int[] out = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = Math.round(t[i]);
        }
        return out;
    }
}
