package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import java.util.List;

/**
 * RMSprop (Tieleman and Hinton, 2012): {@code v = rho v + (1 - rho) g^2}, {@code w -= lr g / (sqrt(v) + eps)}.
 * Defaults as PyTorch: lr 0.01, rho 0.99, eps 1e-8 (Keras uses rho 0.9, eps 1e-7, lr 0.001).
 */
public final class RmsProp extends Optimizer<float[]> {
    private final double rho;
    private final double eps;

    public RmsProp(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.99, 1e-8);
    }

    public RmsProp(List<Parameter> parameters, double learningRate, double rho, double eps) {
        super(parameters, learningRate);
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("RmsProp: rho must be in [0, 1), got " + rho);
        }
        this.rho = rho;
        this.eps = eps;
    }

    @Override
    protected float[] newState(int size) {
        return new float[size];
    }

    @Override
    protected void update(float[] w, float[] g, float[] v, long t) {
        double lr = learningRate();
        flushTiny(v, 0, v.length, t);
        for (int i = 0; i < w.length; i++) {
            v[i] = (float) (rho * v[i] + (1 - rho) * g[i] * g[i]);
            w[i] -= (float) (lr * g[i] / (Math.sqrt(v[i]) + eps));
        }
    }
}
