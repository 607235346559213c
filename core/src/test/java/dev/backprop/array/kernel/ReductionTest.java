package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Reduction} on the Vector API and on the scalar loop: sums against exact ones, their order fixed by the run
 * alone; extrema against the element-by-element rule.
 */
class ReductionTest {
    private static final Reduction.Kernel[] KERNELS = {new VectorReduction(), null};
    private static final int[] LENGTHS = {
        0,
        1,
        3,
        7,
        8,
        17,
        31,
        32,
        33,
        129,
        1000,
        Reduction.CHUNK - 1,
        Reduction.CHUNK,
        Reduction.CHUNK + 1,
        3 * Reduction.CHUNK + 17
    };

    @Test
    void bothKernelsGiveTheExactSumToDoublePrecision() {
        SplittableRandom rng = new SplittableRandom(3);
        for (Reduction.Kernel kernel : KERNELS) {
            for (int stride : new int[] {1, 3}) {
                for (int n : LENGTHS) {
                    for (int off : new int[] {0, 5}) {
                        float[] a = new float[off + Math.max(0, n - 1) * stride + 1 + 4];
                        for (int i = 0; i < a.length; i++) {
                            a[i] = (float) (rng.nextDouble() * 2e4 - 1e4) * (i % 5 == 0 ? 1e-3f : 1f);
                        }
                        BigDecimal exact = BigDecimal.ZERO;
                        double magnitude = 0;
                        for (int i = 0; i < n; i++) {
                            exact = exact.add(new BigDecimal(a[off + i * stride]));
                            magnitude += Math.abs(a[off + i * stride]);
                        }
                        double got = Reduction.sum(kernel, a, off, stride, n);
                        double error =
                                Math.abs(exact.subtract(new BigDecimal(got)).doubleValue());
                        String what = (kernel == null ? "scalar" : "vector") + " n=" + n + " stride=" + stride + " off="
                                + off;
                        assertTrue(error <= 1e-13 * magnitude, what + ": " + got + " vs " + exact);
                    }
                }
            }
        }
    }

    @Test
    void specialValuesPropagate() {
        for (Reduction.Kernel kernel : KERNELS) {
            for (int n : new int[] {5, 40, 100}) {
                float[] a = new float[n];
                java.util.Arrays.fill(a, 1f);
                a[n - 2] = Float.POSITIVE_INFINITY;
                assertEquals(Double.POSITIVE_INFINITY, Reduction.sum(kernel, a, 0, 1, n));
                a[1] = Float.NEGATIVE_INFINITY;
                assertTrue(Double.isNaN(Reduction.sum(kernel, a, 0, 1, n)));
                java.util.Arrays.fill(a, 1f);
                a[n / 2] = Float.NaN;
                assertTrue(Double.isNaN(Reduction.sum(kernel, a, 0, 1, n)));
                java.util.Arrays.fill(a, Float.MAX_VALUE); // overflows float, not double
                assertEquals(
                        (double) Float.MAX_VALUE * n, Reduction.sum(kernel, a, 0, 1, n), 1e-9 * Float.MAX_VALUE * n);
            }
        }
    }

    @Test
    void aLongRunGivesTheSameBitsOnOneThreadAsOnAll() {
        float[] a = new float[5 * Reduction.CHUNK + 123];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (Reduction.Kernel kernel : KERNELS) {
            double onAll = Reduction.sum(kernel, a, 0, 1, a.length);
            double[] onOne = new double[1];
            // inside a parallel body the nested call runs its chunks on this thread, one after another
            Parallel.forRange(1, 1, (s, e) -> onOne[0] = Reduction.sum(kernel, a, 0, 1, a.length));
            assertEquals(Double.doubleToRawLongBits(onAll), Double.doubleToRawLongBits(onOne[0]));
            double inOrder = 0;
            for (int from = 0; from < a.length; from += Reduction.CHUNK) {
                inOrder += Reduction.sum(kernel, a, from, 1, Math.min(Reduction.CHUNK, a.length - from));
            }
            assertEquals(Double.doubleToRawLongBits(inOrder), Double.doubleToRawLongBits(onAll), "chunk order");
        }
    }

    @Test
    void theVectorLoopIsInUseWhereTheJvmHasTheVectorApi() {
        // floats whose double sum depends on the order of the additions: the two kernels must differ somewhere here,
        // and the default must be the vector one
        SplittableRandom rng = new SplittableRandom(9);
        float[] a = new float[4096];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rng.nextDouble() * Math.scalb(1.0, rng.nextInt(60) - 30));
        }
        boolean differ = false, sameAsVector = true;
        for (int n = 64; n <= a.length; n += 64) {
            double vector = Reduction.sum(KERNELS[0], a, 0, 1, n), scalar = Reduction.sum(null, a, 0, 1, n);
            differ |= vector != scalar;
            sameAsVector &= Reduction.sum(a, 0, 1, n) == vector;
        }
        assertTrue(differ, "the two kernels agree bit for bit here: pick other values");
        assertTrue(sameAsVector, "Reduction did not use the vector kernel");
    }

    @Test
    void extremaFollowTheElementByElementRuleOnBothKernels() {
        SplittableRandom rng = new SplittableRandom(8);
        float[] special = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};
        for (Reduction.Kernel kernel : KERNELS) {
            for (int stride : new int[] {1, 2}) {
                for (int n : LENGTHS) {
                    if (n == 0) {
                        continue;
                    }
                    for (int variant = 0; variant < 4; variant++) {
                        float[] a = new float[3 + n * stride];
                        for (int i = 0; i < a.length; i++) {
                            a[i] = switch (variant) {
                                case 0 -> (float) rng.nextGaussian();
                                case 1 -> rng.nextBoolean() ? 0f : -0f; // only zeros: the first one wins
                                case 2 -> -(float) rng.nextDouble() * 10; // all negative, the max near 0
                                default -> (float) rng.nextGaussian();
                            };
                        }
                        if (variant == 3) { // a special value somewhere
                            a[3 + rng.nextInt(n) * stride] = special[rng.nextInt(special.length)];
                        }
                        for (boolean min : new boolean[] {false, true}) {
                            float expected = elementByElement(a, 3, stride, n, min);
                            float got = Reduction.extremum(kernel, a, 3, stride, n, min);
                            String what = (kernel == null ? "scalar" : "vector") + (min ? " min" : " max") + " n=" + n
                                    + " stride=" + stride + " variant=" + variant;
                            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got), what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void combiningExtremaOfPartsInOrderGivesTheExtremumOfTheWhole() {
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Reduction.combine(-0f, 0f, false)));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(Reduction.combine(0f, -0f, true)));
        assertTrue(Float.isNaN(Reduction.combine(Float.NaN, 5f, false)));
        assertTrue(Float.isNaN(Reduction.combine(5f, Float.NaN, true)));
        assertEquals(7f, Reduction.combine(5f, 7f, false));
        assertEquals(5f, Reduction.combine(5f, 7f, true));
    }

    /** The rule of {@code NdArray.extremum}: the first NaN, else the first of the largest (smallest). */
    private static float elementByElement(float[] a, int off, int stride, int n, boolean min) {
        float m = a[off];
        for (int i = 1; i < n; i++) {
            float v = a[off + i * stride];
            boolean better = min ? v < m : v > m;
            if (!Float.isNaN(m) && (better || Float.isNaN(v))) {
                m = v;
            }
        }
        return m;
    }
}
