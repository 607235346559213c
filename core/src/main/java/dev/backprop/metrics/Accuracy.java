package dev.backprop.metrics;

import dev.backprop.array.NdArray;

/** Fraction of examples whose predicted class is the target class (see {@link Metric#predictedClasses}). */
public final class Accuracy implements Metric {
    private long correct;
    private long total;

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public void update(NdArray prediction, NdArray target) {
        int[] p = Metric.predictedClasses(prediction), t = Metric.targetClasses(target);
        if (p.length != t.length) {
            throw new IllegalArgumentException("accuracy: " + p.length + " predictions for " + t.length + " targets");
        }
        for (int i = 0; i < p.length; i++) {
            correct += p[i] == t[i] ? 1 : 0;
        }
        total += p.length;
    }

    @Override
    public double result() {
        return total == 0 ? Double.NaN : correct / (double) total;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }
}
