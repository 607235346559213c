package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import java.util.List;

/** Plain stochastic gradient descent: {@code w -= lr g}. */
public final class Sgd extends Optimizer<Void> {
    public Sgd(List<Parameter> parameters, double learningRate) {
        super(parameters, learningRate);
    }

    @Override
    protected Void newState(int size) {
        return null;
    }

    @Override
    protected void update(float[] w, float[] g, Void state, long t) {
        float lr = (float) learningRate();
        for (int i = 0; i < w.length; i++) {
            w[i] -= lr * g[i];
        }
    }
}
