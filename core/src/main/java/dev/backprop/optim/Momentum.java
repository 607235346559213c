package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import java.util.List;

/**
 * SGD with momentum, PyTorch's form: {@code v = mu v + g}, then {@code w -= lr v}, or with Nesterov momentum {@code w
 * -= lr (g + mu v)} (Sutskever et al., 2013). Default mu 0.9. (Keras folds lr into v; the two agree for a fixed lr.)
 */
public final class Momentum extends Optimizer<float[]> {
    private final double momentum;
    private final boolean nesterov;

    public Momentum(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, false);
    }

    public Momentum(List<Parameter> parameters, double learningRate, double momentum, boolean nesterov) {
        super(parameters, learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("Momentum: momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected float[] newState(int size) {
        return new float[size];
    }

    @Override
    protected void update(float[] w, float[] g, float[] v, long t) {
        float lr = (float) learningRate(), mu = (float) momentum;
        flushTiny(v, 0, v.length, t);
        for (int i = 0; i < w.length; i++) {
            v[i] = mu * v[i] + g[i];
            w[i] -= lr * (nesterov ? g[i] + mu * v[i] : v[i]);
        }
    }
}
