package dev.backprop.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.GradCheck;
import dev.backprop.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LossTest {
    static final NdArray PREDICTION = NdArray.of(new float[] {0.5f, -1.5f, 2f, 0.25f}, 2, 2);
    static final NdArray TARGET = NdArray.of(new float[] {1f, -1f, 0f, 0.5f}, 2, 2);

    static float value(Loss loss, NdArray prediction, NdArray target) {
        return loss.apply(Tensor.constant(prediction), target).item();
    }

    @Test
    void regressionLossesMatchTheirFormulas() {
        // differences: -0.5, -0.5, 2, -0.25
        assertEquals((0.25 + 0.25 + 4 + 0.0625) / 4, value(new MeanSquaredError(), PREDICTION, TARGET), 1e-6);
        assertEquals(0.25 + 0.25 + 4 + 0.0625, value(new MeanSquaredError(Reduction.SUM), PREDICTION, TARGET), 1e-6);
        assertEquals((0.5 + 0.5 + 2 + 0.25) / 4, value(new MeanAbsoluteError(), PREDICTION, TARGET), 1e-6);
        double huber = (0.125 + 0.125 + (2 - 0.5) + 0.03125) / 4; // delta 1: 0.5 d^2 inside, |d| - 0.5 outside
        assertEquals(huber, value(new Huber(), PREDICTION, TARGET), 1e-6);
        NdArray none = new MeanSquaredError(Reduction.NONE)
                .apply(Tensor.constant(PREDICTION), TARGET)
                .value();
        assertEquals(PREDICTION.shape(), none.shape());
        assertThrows(IllegalArgumentException.class, () -> value(new MeanSquaredError(), PREDICTION, NdArray.zeros(4)));
    }

    @Test
    void crossEntropyFromIndicesOneHotAndSmoothing() {
        NdArray logits = NdArray.of(new float[] {2, 1, 0, 0, 0, 3}, 2, 3);
        double lse0 = Math.log(Math.exp(2) + Math.exp(1) + 1), lse1 = Math.log(2 + Math.exp(3));
        double expected = ((lse0 - 2) + (lse1 - 3)) / 2;
        assertEquals(expected, value(new CrossEntropy(), logits, NdArray.of(new float[] {0, 2})), 1e-5);
        assertEquals(
                expected, value(new CrossEntropy(), logits, NdArray.of(new float[] {1, 0, 0, 0, 0, 1}, 2, 3)), 1e-5);
        double s = 0.1, smoothed = 0;
        float[][] z = {{2, 1, 0}, {0, 0, 3}};
        double[] lse = {lse0, lse1};
        int[] label = {0, 2};
        for (int r = 0; r < 2; r++) {
            for (int k = 0; k < 3; k++) {
                double t = (k == label[r] ? 1 - s : 0) + s / 3;
                smoothed += t * (lse[r] - z[r][k]);
            }
        }
        assertEquals(
                smoothed / 2,
                value(new CrossEntropy(0.1f, Reduction.MEAN), logits, NdArray.of(new float[] {0, 2})),
                1e-5);
        assertEquals(
                expected,
                value(
                        new NegativeLogLikelihood(),
                        Tensor.constant(logits).logSoftmax(1).value(),
                        NdArray.of(new float[] {0, 2})),
                1e-5);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> value(new CrossEntropy(), logits, NdArray.of(new float[] {0, 3})));
        assertTrue(e.getMessage().contains("label 3.0 at position 1"), e.getMessage());
    }

    @Test
    void binaryCrossEntropyOnProbabilitiesAndLogits() {
        NdArray p = NdArray.of(new float[] {0.9f, 0.2f});
        NdArray t = NdArray.of(new float[] {1, 0});
        double expected = -(Math.log(0.9) + Math.log(0.8)) / 2;
        assertEquals(expected, value(new BinaryCrossEntropy(), p, t), 1e-5);
        NdArray logits = NdArray.of(new float[] {(float) Math.log(9), (float) Math.log(0.25)});
        assertEquals(expected, value(new BinaryCrossEntropyWithLogits(), logits, t), 1e-5);
    }

    @Test
    void extremeInputsStayFinite() {
        NdArray hundred = NdArray.of(new float[] {100, -100, -100, 100}, 2, 2);
        Tensor logits = Tensor.variable(hundred);
        Tensor ce = new CrossEntropy().apply(logits, NdArray.of(new float[] {1, 0}));
        assertEquals(200, ce.item(), 1e-3);
        ce.backward();
        assertTrue(allFinite(logits.grad()));
        Tensor binaryLogits = Tensor.variable(NdArray.of(new float[] {100, -100, 100, -100}));
        Tensor bce = new BinaryCrossEntropyWithLogits().apply(binaryLogits, NdArray.of(new float[] {0, 1, 1, 0}));
        assertEquals(50, bce.item(), 1e-3); // two confident mistakes (100 each), two confident hits (0)
        bce.backward();
        assertTrue(allFinite(binaryLogits.grad()));
        Tensor p = Tensor.variable(NdArray.of(new float[] {0, 1, 0, 1}));
        Tensor bceP = new BinaryCrossEntropy().apply(p, NdArray.of(new float[] {1, 0, 0, 1}));
        assertTrue(Float.isFinite(bceP.item()) && bceP.item() > 10, "" + bceP.item());
        bceP.backward();
        assertTrue(allFinite(p.grad()));
    }

    static boolean allFinite(NdArray a) {
        for (float v : a.toArray()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    static Stream<Loss> losses() {
        return Stream.of(
                new MeanSquaredError(), new MeanAbsoluteError(), new Huber(), new BinaryCrossEntropyWithLogits());
    }

    @ParameterizedTest
    @MethodSource("losses")
    void gradientsMatchCentralDifferences(Loss loss) {
        GradCheck.Report r = GradCheck.check(xs -> loss.apply(xs.get(0), TARGET), List.of(PREDICTION));
        assertTrue(r.passed(), loss + ": " + r);
    }

    @Test
    void classificationGradientsMatchCentralDifferences() {
        NdArray logits = NdArray.of(new float[] {0.3f, -1, 2, 0.5f, 0.1f, -0.4f}, 2, 3);
        assertTrue(GradCheck.check(
                        xs -> new CrossEntropy(0.1f, Reduction.SUM).apply(xs.get(0), NdArray.of(new float[] {2, 0})),
                        List.of(logits))
                .passed());
        assertTrue(GradCheck.check(
                        xs -> new NegativeLogLikelihood()
                                .apply(xs.get(0).logSoftmax(1), NdArray.of(new float[] {1, 0})),
                        List.of(logits))
                .passed());
        NdArray probabilities = NdArray.of(new float[] {0.3f, 0.6f, 0.8f, 0.1f});
        assertTrue(GradCheck.check(
                        xs -> new BinaryCrossEntropy().apply(xs.get(0), NdArray.of(new float[] {1, 0, 1, 1})),
                        List.of(probabilities),
                        GradCheck.Options.defaults().withEps(1e-3))
                .passed());
    }
}
