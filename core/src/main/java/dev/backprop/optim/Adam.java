package dev.backprop.optim;

import dev.backprop.array.kernel.Parallel;
import dev.backprop.nn.Parameter;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015, Algorithm 1): {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2}, {@code w -=
 * lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}. Defaults: lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8.
 */
public final class Adam extends Optimizer<Adam.Moments> {
    /** First and second moment estimates. */
    public record Moments(float[] m, float[] v) {}

    private final double beta1;
    private final double beta2;
    private final double eps;

    public Adam(List<Parameter> parameters) {
        this(parameters, 1e-3);
    }

    public Adam(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps) {
        super(parameters, learningRate);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0)) {
            throw new IllegalArgumentException(
                    "Adam: betas must be in [0, 1) and eps > 0, got " + beta1 + ", " + beta2 + ", " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    protected Moments newState(int size) {
        return new Moments(new float[size], new float[size]);
    }

    @Override
    protected void update(float[] w, float[] g, Moments s, long t) {
        step(w, g, s, t, learningRate(), beta1, beta2, eps);
    }

    /** Split across threads for large parameters: the update streams four arrays through memory. */
    static void step(float[] w, float[] g, Moments s, long t, double lr, double beta1, double beta2, double eps) {
        Parallel.forRange(w.length, 1 << 15, (from, to) -> step(w, g, s, t, lr, beta1, beta2, eps, from, to));
    }

    private static void step(
            float[] w,
            float[] g,
            Moments s,
            long t,
            double lr,
            double beta1,
            double beta2,
            double eps,
            int from,
            int to) {
        float[] m = s.m(), v = s.v();
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t); // bias corrections
        float b1 = (float) beta1, b2 = (float) beta2, a1 = 1 - b1, a2 = 1 - b2;
        float stepSize = (float) (lr / c1), scale = (float) (1 / Math.sqrt(c2)), e = (float) eps;
        flushTiny(m, from, to, t);
        flushTiny(v, from, to, t);
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + a1 * gi, vi = b2 * v[i] + a2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) * scale + e);
        }
    }
}
