package dev.backprop.metrics;

import dev.backprop.array.NdArray;

/** Root mean squared error over all elements seen, accumulated in double. */
public final class Rmse implements Metric {
    private double sumSquares;
    private long count;

    @Override
    public String name() {
        return "rmse";
    }

    @Override
    public void update(NdArray prediction, NdArray target) {
        float[] p = prediction.toArray(), t = target.reshape(prediction.shape()).toArray();
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - t[i];
            sumSquares += d * d;
        }
        count += p.length;
    }

    @Override
    public double result() {
        return count == 0 ? Double.NaN : Math.sqrt(sumSquares / count);
    }

    @Override
    public void reset() {
        sumSquares = 0;
        count = 0;
    }
}
