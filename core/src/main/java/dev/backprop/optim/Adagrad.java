package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import java.util.List;

/** Adagrad (Duchi et al., 2011): {@code G += g^2}, {@code w -= lr g / (sqrt(G) + eps)}. Defaults lr 0.01, eps 1e-10. */
public final class Adagrad extends Optimizer<float[]> {
    private final double eps;

    public Adagrad(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 1e-10);
    }

    public Adagrad(List<Parameter> parameters, double learningRate, double eps) {
        super(parameters, learningRate);
        this.eps = eps;
    }

    @Override
    protected float[] newState(int size) {
        return new float[size];
    }

    @Override
    protected void update(float[] w, float[] g, float[] sum, long t) {
        double lr = learningRate();
        for (int i = 0; i < w.length; i++) {
            sum[i] += g[i] * g[i];
            w[i] -= (float) (lr * g[i] / (Math.sqrt(sum[i]) + eps));
        }
    }
}
