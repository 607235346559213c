package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, 2019): Adam with decoupled weight decay, {@code w -= lr lambda w} before the Adam
 * update. Defaults as PyTorch: lr 1e-3, betas 0.9 and 0.999, eps 1e-8, weight decay 0.01.
 */
public final class AdamW extends Optimizer<Adam.Moments> {
    private final double beta1;
    private final double beta2;
    private final double eps;

    public AdamW(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.01);
    }

    public AdamW(List<Parameter> parameters, double learningRate, double weightDecay) {
        super(parameters, learningRate);
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.eps = 1e-8;
        decoupledWeightDecay(weightDecay);
    }

    @Override
    protected Adam.Moments newState(int size) {
        return new Adam.Moments(new float[size], new float[size]);
    }

    @Override
    protected void update(float[] w, float[] g, Adam.Moments s, long t) {
        Adam.step(w, g, s, t, learningRate(), beta1, beta2, eps);
    }
}
