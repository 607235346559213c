package dev.backprop.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void zeroGradKeepsTheArrayForTheNextBackward() {
        Tensor w = Tensor.variable(NdArray.of(new float[] {1, 2, 3}, 3));
        w.mul(w).sum().backward(); // 2w
        NdArray first = w.grad();
        assertArrayEquals(new float[] {2, 4, 6}, first.toArray());
        w.mul(w).sum().backward(); // accumulates
        assertArrayEquals(new float[] {4, 8, 12}, w.grad().toArray());
        w.zeroGrad();
        assertNull(w.grad());
        w.mul(3f).sum().backward(); // starts from zero, in the same array
        org.junit.jupiter.api.Assertions.assertSame(first, w.grad());
        assertArrayEquals(new float[] {3, 3, 3}, w.grad().toArray());
    }

    @Test
    void backwardAccumulatesIntoLeaves() {
        Tensor w = Tensor.variable(NdArray.of(new float[] {1, 2, 3}));
        w.mul(w).sum().backward();
        assertArrayEquals(new float[] {2, 4, 6}, w.grad().toArray());
        w.mul(w).sum().backward(); // a second graph accumulates, like PyTorch
        assertArrayEquals(new float[] {4, 8, 12}, w.grad().toArray());
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void sharedSubexpressionsAddUp() {
        Tensor x = Tensor.variable(NdArray.scalar(3));
        Tensor y = x.mul(x); // x^2 used twice below
        Tensor z = y.add(y.mul(x)); // x^2 + x^3, dz/dx = 2x + 3x^2 = 33
        z.backward();
        assertEquals(33f, x.grad().item(), 1e-5);
    }

    @Test
    void constantsAndNoGradRecordNothing() {
        Tensor x = Tensor.variable(NdArray.ones(2));
        Tensor c = Tensor.constant(NdArray.ones(2));
        assertFalse(c.mul(c).requiresGrad());
        try (NoGrad scope = NoGrad.enter()) {
            assertFalse(x.mul(x).requiresGrad());
        }
        assertTrue(x.mul(x).requiresGrad());
        Tensor d = x.mul(x).detach();
        assertFalse(d.requiresGrad());
        x.mul(d).sum().backward(); // d is a constant: dx = d = 1
        assertArrayEquals(new float[] {1, 1}, x.grad().toArray());
    }

    @Test
    void backwardErrorsSayWhatToDo() {
        Tensor x = Tensor.variable(NdArray.ones(3));
        Tensor y = x.mul(x);
        IllegalStateException nonScalar = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(nonScalar.getMessage().contains("[3]"), nonScalar.getMessage());
        Tensor loss = y.sum();
        loss.backward();
        IllegalStateException twice = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(twice.getMessage().contains("released"), twice.getMessage());
        IllegalStateException reuse =
                assertThrows(IllegalStateException.class, () -> y.mul(x).sum().backward());
        assertTrue(reuse.getMessage().contains("released"), reuse.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> Tensor.constant(NdArray.scalar(1)).backward());
    }

    @Test
    void explicitUpstreamGradient() {
        Tensor x = Tensor.variable(NdArray.of(new float[] {1, 2}));
        x.mul(3).backward(NdArray.of(new float[] {1, 10}));
        assertArrayEquals(new float[] {3, 30}, x.grad().toArray());
    }

    @Test
    void longChainsNeedNoDeepStack() {
        Tensor x = Tensor.variable(NdArray.scalar(1));
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.mul(1.0001f);
        }
        y.backward();
        assertEquals(1, x.grad().item() / Math.pow(1.0001f, 100_000), 1e-3); // float rounding over 1e5 steps
    }

    @Test
    void softmaxFamilyIsStableAtExtremes() {
        Tensor x = Tensor.variable(NdArray.of(new float[] {1000, -1000, 0, 999}, 1, 4));
        NdArray p = x.softmax(1).value();
        NdArray lp = x.logSoftmax(1).value();
        NdArray lse = x.logSumExp(new int[] {1}, false).value();
        for (float v : p.toArray()) {
            assertTrue(Float.isFinite(v));
        }
        for (float v : lp.toArray()) {
            assertTrue(Float.isFinite(v));
        }
        assertEquals(1f, p.sum().item(), 1e-6);
        assertEquals(1000.3133f, lse.item(), 1e-3);
        assertEquals(-2000.3133f, lp.get(0, 1), 1e-2);
        x.logSoftmax(1).sum().backward();
        for (float v : x.grad().toArray()) {
            assertTrue(Float.isFinite(v));
        }
        Tensor negative = Tensor.constant(NdArray.full(dev.backprop.array.Shape.of(2, 3), -1000));
        assertArrayEquals(
                new float[] {1 / 3f, 1 / 3f, 1 / 3f},
                negative.softmax(1).value().narrow(0, 0, 1).reshape(3).toArray(),
                1e-6f);
    }

    @Test
    void toStringShowsValuesAndGradientState() {
        Tensor x = Tensor.variable(NdArray.of(new float[] {1, 2}));
        assertEquals("tensor([1., 2.], shape=[2], requiresGrad=true)", x.toString());
        assertTrue(x.mul(x).toString().endsWith("gradFn=Mul)"));
    }

    @Test
    void gradCheckCatchesAWrongGradient() {
        // relu applied twice is fine; but a "function" whose pullback lies must fail: detach hides a dependency
        GradCheck.Report r = GradCheck.check(
                xs -> xs.get(0).mul(xs.get(0).detach()), java.util.List.of(NdArray.of(new float[] {1, 2, 3})));
        assertFalse(r.passed(), r.toString());
    }
}
