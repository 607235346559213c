package dev.backprop.metrics;

import dev.backprop.array.NdArray;

/** Mean absolute error over all elements seen. */
public final class Mae implements Metric {
    private double sum;
    private long count;

    @Override
    public String name() {
        return "mae";
    }

    @Override
    public void update(NdArray prediction, NdArray target) {
        float[] p = prediction.toArray(), t = target.reshape(prediction.shape()).toArray();
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs(p[i] - t[i]);
        }
        count += p.length;
    }

    @Override
    public double result() {
        return count == 0 ? Double.NaN : sum / count;
    }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }
}
