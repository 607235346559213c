package dev.backprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import dev.backprop.nn.Parameter;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each optimiser's first three updates against values computed here, in double, from the published formula, on the
 * loss {@code L = sum(c * w^2) / 2} whose gradient is {@code c * w}.
 */
class OptimizerTest {
    static final double[] C = {1.0, 3.0};
    static final double[] W0 = {1.0, -2.0};

    static double[] grad(double[] w) {
        return new double[] {C[0] * w[0], C[1] * w[1]};
    }

    /** Gives {@code p} the gradient {@code g} through a real backward pass: d/dp sum(p * g) = g. */
    static void setGrad(Parameter p, NdArray g) {
        p.zeroGrad();
        p.mul(dev.backprop.tensor.Tensor.constant(g)).sum().backward();
    }

    /** Runs three steps of the optimiser, computing the gradient from the current weights each time. */
    static float[][] threeSteps(Function<List<Parameter>, Optimizer<?>> make) {
        Parameter p = new Parameter("w", NdArray.of(new float[] {(float) W0[0], (float) W0[1]}));
        Optimizer<?> opt = make.apply(List.of(p));
        float[][] out = new float[3][];
        for (int s = 0; s < 3; s++) {
            float[] w = p.value().toArray();
            double[] g = grad(new double[] {w[0], w[1]});
            setGrad(p, NdArray.of(new float[] {(float) g[0], (float) g[1]}));
            opt.step();
            opt.zeroGrad();
            out[s] = p.value().toArray();
        }
        return out;
    }

    static void assertSteps(double[][] expected, float[][] actual) {
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 2; i++) {
                assertEquals(
                        expected[s][i], actual[s][i], 1e-5 * Math.max(1, Math.abs(expected[s][i])), "step " + (s + 1));
            }
        }
    }

    @Test
    void sgd() {
        double lr = 0.1;
        double[] w = W0.clone();
        double[][] expected = new double[3][];
        for (int s = 0; s < 3; s++) {
            double[] g = grad(w);
            for (int i = 0; i < 2; i++) {
                w[i] -= lr * g[i];
            }
            expected[s] = w.clone();
        }
        assertSteps(expected, threeSteps(ps -> new Sgd(ps, lr)));
    }

    @Test
    void momentumAndNesterov() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double lr = 0.1, mu = 0.9;
            double[] w = W0.clone(), v = new double[2];
            double[][] expected = new double[3][];
            for (int s = 0; s < 3; s++) {
                double[] g = grad(w);
                for (int i = 0; i < 2; i++) {
                    v[i] = mu * v[i] + g[i];
                    w[i] -= lr * (nesterov ? g[i] + mu * v[i] : v[i]);
                }
                expected[s] = w.clone();
            }
            assertSteps(expected, threeSteps(ps -> new Momentum(ps, lr, mu, nesterov)));
        }
    }

    @Test
    void adagrad() {
        double lr = 0.5, eps = 1e-10;
        double[] w = W0.clone(), sum = new double[2];
        double[][] expected = new double[3][];
        for (int s = 0; s < 3; s++) {
            double[] g = grad(w);
            for (int i = 0; i < 2; i++) {
                sum[i] += g[i] * g[i];
                w[i] -= lr * g[i] / (Math.sqrt(sum[i]) + eps);
            }
            expected[s] = w.clone();
        }
        assertSteps(expected, threeSteps(ps -> new Adagrad(ps, lr)));
    }

    @Test
    void rmsProp() {
        double lr = 0.01, rho = 0.99, eps = 1e-8;
        double[] w = W0.clone(), v = new double[2];
        double[][] expected = new double[3][];
        for (int s = 0; s < 3; s++) {
            double[] g = grad(w);
            for (int i = 0; i < 2; i++) {
                v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
                w[i] -= lr * g[i] / (Math.sqrt(v[i]) + eps);
            }
            expected[s] = w.clone();
        }
        assertSteps(expected, threeSteps(ps -> new RmsProp(ps, lr)));
    }

    static double[][] adam(double lr, double decoupled) {
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double[] w = W0.clone(), m = new double[2], v = new double[2];
        double[][] expected = new double[3][];
        for (int t = 1; t <= 3; t++) {
            double[] g = grad(w);
            for (int i = 0; i < 2; i++) {
                w[i] -= lr * decoupled * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t)), vHat = v[i] / (1 - Math.pow(b2, t));
                w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
            expected[t - 1] = w.clone();
        }
        return expected;
    }

    @Test
    void adamWithBiasCorrection() {
        assertSteps(adam(0.1, 0), threeSteps(ps -> new Adam(ps, 0.1)));
    }

    @Test
    void adamWDecouplesWeightDecay() {
        assertSteps(adam(0.1, 0.05), threeSteps(ps -> new AdamW(ps, 0.1, 0.05)));
    }

    @Test
    void l2AddsToTheGradient() {
        double lr = 0.1, lambda = 0.5;
        double[] w = W0.clone();
        double[][] expected = new double[3][];
        for (int s = 0; s < 3; s++) {
            double[] g = grad(w);
            for (int i = 0; i < 2; i++) {
                w[i] -= lr * (g[i] + lambda * w[i]);
            }
            expected[s] = w.clone();
        }
        assertSteps(expected, threeSteps(ps -> new Sgd(ps, lr).l2(lambda)));
    }

    @Test
    void clippingByNormAndValue() {
        Parameter a = new Parameter("a", NdArray.zeros(2)), b = new Parameter("b", NdArray.zeros(1));
        setGrad(a, NdArray.of(new float[] {3, 0}));
        setGrad(b, NdArray.of(new float[] {4}));
        assertEquals(5, GradientClipping.byGlobalNorm(List.of(a, b), 1), 1e-6);
        assertArrayEquals(new float[] {0.6f, 0}, a.grad().toArray(), 1e-5f);
        assertArrayEquals(new float[] {0.8f}, b.grad().toArray(), 1e-5f);
        GradientClipping.byValue(List.of(a, b), 0.7);
        assertArrayEquals(new float[] {0.7f}, b.grad().toArray(), 1e-6f);
    }

    @Test
    void everyOptimiserConvergesOnAQuadratic() {
        List<Function<List<Parameter>, Optimizer<?>>> makers = List.of(
                ps -> new Sgd(ps, 0.1),
                ps -> new Momentum(ps, 0.05),
                ps -> new Momentum(ps, 0.05, 0.9, true),
                ps -> new Adagrad(ps, 0.5),
                ps -> new RmsProp(ps, 0.01),
                ps -> new Adam(ps, 0.05),
                ps -> new AdamW(ps, 0.05));
        for (Function<List<Parameter>, Optimizer<?>> make : makers) {
            Parameter p = new Parameter("w", NdArray.of(new float[] {1, -2}));
            Optimizer<?> opt = make.apply(List.of(p));
            for (int s = 0; s < 500; s++) {
                float[] w = p.value().toArray();
                setGrad(p, NdArray.of(new float[] {(float) (C[0] * w[0]), (float) (C[1] * w[1])}));
                opt.step();
                opt.zeroGrad();
            }
            float[] w = p.value().toArray();
            assertTrue(
                    Math.abs(w[0]) < 0.05 && Math.abs(w[1]) < 0.05,
                    opt.getClass().getSimpleName() + " ended at " + w[0] + ", " + w[1]);
        }
    }

    @Test
    void schedules() {
        assertEquals(0.1, LearningRateSchedule.step(2, 0.5).rate(1, 0.1), 1e-12);
        assertEquals(0.05, LearningRateSchedule.step(2, 0.5).rate(2, 0.1), 1e-12);
        assertEquals(0.1 * 0.9 * 0.9, LearningRateSchedule.exponential(0.9).rate(2, 0.1), 1e-12);
        assertEquals(0.1, LearningRateSchedule.cosine(10, 0).rate(0, 0.1), 1e-12);
        assertEquals(0.05, LearningRateSchedule.cosine(10, 0).rate(5, 0.1), 1e-12);
        assertEquals(0.0, LearningRateSchedule.cosine(10, 0).rate(10, 0.1), 1e-12);
        LearningRateSchedule warm = LearningRateSchedule.linearWarmup(4, LearningRateSchedule.constant());
        assertEquals(0.025, warm.rate(0, 0.1), 1e-12);
        assertEquals(0.1, warm.rate(3, 0.1), 1e-12);
        assertEquals(0.1, warm.rate(7, 0.1), 1e-12);
    }

    @Test
    void momentsThatDecayTowardsTheSubnormalRangeBecomeZeroFirst() {
        float[] w = {1f, 1f}, g = {0f, 0f};
        Adam.Moments moments = new Adam.Moments(new float[] {1e-3f, 1f}, new float[] {1e-6f, 1f});
        for (int t = 1; t <= 2000; t++) {
            Adam.step(w, g, moments, t, 1e-3, 0.9, 0.999, 1e-8);
            for (float[] a : new float[][] {moments.m(), moments.v()}) {
                for (float x : a) {
                    assertTrue(x == 0 || Math.abs(x) >= Float.MIN_NORMAL, "step " + t + ": subnormal moment " + x);
                }
            }
        }
        assertEquals(0f, moments.m()[0]); // 1e-3 * 0.9^2000 underflows long before
        assertTrue(moments.v()[0] > 0, "0.999^2000 * 1e-6 is far from tiny: kept");

        float[] v = {0x1p-101f, -0x1p-101f, 0x1p-99f, 3f};
        Optimizer.flushTiny(v, 0, v.length, 3);
        assertEquals(0x1p-101f, v[0], "only every FLUSH_EVERY-th step flushes");
        Optimizer.flushTiny(v, 0, 3, Optimizer.FLUSH_EVERY);
        assertArrayEquals(new float[] {0f, 0f, 0x1p-99f, 3f}, v);
    }
}
