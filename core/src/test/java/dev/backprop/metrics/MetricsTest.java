package dev.backprop.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
    // true:      0 0 1 1 1 2
    // predicted: 0 1 1 1 2 2   (argmax of the score rows below)
    static final NdArray SCORES = NdArray.of(new float[] {5, 1, 0, 0, 3, 1, 0, 4, 1, 1, 2, 0, 0, 1, 2, 0, 0, 9}, 6, 3);
    static final NdArray LABELS = NdArray.of(new float[] {0, 0, 1, 1, 1, 2});

    @Test
    void accuracyCountsArgmaxMatches() {
        Accuracy a = new Accuracy();
        a.update(SCORES, LABELS);
        assertEquals(4 / 6.0, a.result(), 1e-12);
        a.update(NdArray.of(new float[] {0.9f, 0.2f}), NdArray.of(new float[] {1, 1})); // binary probabilities
        assertEquals(5 / 8.0, a.result(), 1e-12);
        a.reset();
        assertTrue(Double.isNaN(a.result()));
    }

    @Test
    void confusionMatrixAndClassificationReport() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.update(SCORES, LABELS);
        assertArrayEquals(new long[] {1, 1, 0}, cm.counts()[0]);
        assertArrayEquals(new long[] {0, 2, 1}, cm.counts()[1]);
        assertArrayEquals(new long[] {0, 0, 1}, cm.counts()[2]);
        assertEquals(1.0, cm.precision(0), 1e-12);
        assertEquals(0.5, cm.recall(0), 1e-12);
        assertEquals(2 / 3.0, cm.precision(1), 1e-12);
        assertEquals(2 / 3.0, cm.recall(1), 1e-12);
        assertEquals(0.5, cm.precision(2), 1e-12);
        double f0 = 2 * 1 * 0.5 / 1.5, f1 = 2 / 3.0, f2 = 2 * 0.5 / 1.5;
        assertEquals((f0 + f1 + f2) / 3, cm.macro(cm::f1), 1e-12);
        assertEquals((f0 * 2 + f1 * 3 + f2 * 1) / 6, cm.weighted(cm::f1), 1e-12);
        String report = cm.report(List.of("a", "b", "c"));
        assertTrue(report.contains("macro avg") && report.contains("weighted avg"), report);
    }

    @Test
    void regressionErrors() {
        Rmse rmse = new Rmse();
        Mae mae = new Mae();
        NdArray p = NdArray.of(new float[] {1, 2, 3}), t = NdArray.of(new float[] {1, 4, 0});
        rmse.update(p, t);
        mae.update(p, t);
        assertEquals(Math.sqrt((0 + 4 + 9) / 3.0), rmse.result(), 1e-9);
        assertEquals(5 / 3.0, mae.result(), 1e-9);
    }
}
