package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. The base class does the loop, creates per-parameter state, clips
 * gradients, and applies weight decay; a subclass is only its update rule.
 *
 * <p>Two kinds of weight decay: {@link #l2(double)} adds {@code lambda w} to the gradient (an L2 penalty, as PyTorch's
 * {@code weight_decay} in SGD and Adam); {@link #decoupledWeightDecay(double)} shrinks the weights by {@code lr lambda
 * w} apart from the gradient (Loshchilov and Hutter, 2019; AdamW). Call order per batch: {@code backward()}, then
 * {@link #step()}, then {@link #zeroGrad()}.
 *
 * @param <S> the per-parameter state (moments, velocities)
 */
public abstract class Optimizer<S> {
    private final List<Parameter> parameters;
    private final Map<Parameter, S> state = new IdentityHashMap<>();
    private double learningRate;
    private double l2;
    private double decoupledWeightDecay;
    private double clipNorm = Double.POSITIVE_INFINITY;
    private double clipValue = Double.POSITIVE_INFINITY;
    private long steps;

    protected Optimizer(List<Parameter> parameters, double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": learning rate must be positive, got " + learningRate);
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimise");
        }
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
    }

    /** A fresh state for a parameter of {@code size} elements. */
    protected abstract S newState(int size);

    /** Updates {@code w} in place from gradient {@code g}; {@code t} counts steps from 1. */
    protected abstract void update(float[] w, float[] g, S state, long t);

    /** Adds {@code lambda w} to every gradient (L2 penalty). */
    public Optimizer<S> l2(double lambda) {
        this.l2 = nonNegative("l2", lambda);
        return this;
    }

    /** Shrinks weights by {@code lr lambda w} each step, separately from the gradient (AdamW-style). */
    public Optimizer<S> decoupledWeightDecay(double lambda) {
        this.decoupledWeightDecay = nonNegative("decoupledWeightDecay", lambda);
        return this;
    }

    /** Rescales all gradients together so their global L2 norm is at most {@code maxNorm}. */
    public Optimizer<S> clipNorm(double maxNorm) {
        this.clipNorm = positive("clipNorm", maxNorm);
        return this;
    }

    /** Limits every gradient element to {@code [-limit, limit]}. */
    public Optimizer<S> clipValue(double limit) {
        this.clipValue = positive("clipValue", limit);
        return this;
    }

    public double learningRate() {
        return learningRate;
    }

    /** Changes the learning rate (schedules call this between epochs). */
    public void setLearningRate(double value) {
        this.learningRate = positive("learning rate", value);
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** Number of steps taken. */
    public long steps() {
        return steps;
    }

    /** Applies one update to every parameter that has a gradient. */
    public void step() {
        steps++;
        if (clipNorm < Double.POSITIVE_INFINITY) {
            GradientClipping.byGlobalNorm(parameters, clipNorm);
        }
        if (clipValue < Double.POSITIVE_INFINITY) {
            GradientClipping.byValue(parameters, clipValue);
        }
        for (Parameter p : parameters) {
            if (p.grad() == null) {
                continue;
            }
            float[] w = p.value().buffer();
            float[] g = p.grad().buffer();
            if (l2 > 0) {
                g = g.clone(); // the penalty's gradient is not written into the user-visible grad
                for (int i = 0; i < g.length; i++) {
                    g[i] += (float) (l2 * w[i]);
                }
            }
            if (decoupledWeightDecay > 0) {
                float shrink = (float) (1 - learningRate * decoupledWeightDecay);
                for (int i = 0; i < w.length; i++) {
                    w[i] *= shrink;
                }
            }
            update(w, g, state.computeIfAbsent(p, q -> newState(w.length)), steps);
        }
    }

    /** Steps between two {@link #flushTiny} passes over an optimiser's state. */
    protected static final int FLUSH_EVERY = 16;

    /**
     * Sets the values of {@code a[from, to)} below 2^-100 in magnitude to 0 on every {@link #FLUSH_EVERY}-th step
     * {@code t}. Moment estimates of weights whose gradient stays 0 (an always-blank pixel's, a dead unit's) decay
     * geometrically into the subnormal range (below 2^-126), where every operation on them takes a slow microcode path
     * on x86: unflushed, Adam's update ran 6x slower after a few thousand steps. From 2^-100, {@code FLUSH_EVERY} steps
     * of decay by 0.5 or more stay normal. Flushing in a separate pass keeps the update loops free of branches, so the
     * JIT vectorises them (a select in the loop made Adam's update 3x slower); such moments move a weight by less than
     * 1e-25, so flushing them changes nothing measurable.
     */
    protected static void flushTiny(float[] a, int from, int to, long t) {
        if (t % FLUSH_EVERY != 0) {
            return;
        }
        for (int i = from; i < to; i++) {
            if (Math.abs(a[i]) < 0x1p-100f) {
                a[i] = 0f;
            }
        }
    }

    /** Forgets every parameter's gradient. */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    private double positive(String what, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": " + what + " must be positive, got " + value);
        }
        return value;
    }

    private double nonNegative(String what, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": " + what + " must be >= 0, got " + value);
        }
        return value;
    }
}
