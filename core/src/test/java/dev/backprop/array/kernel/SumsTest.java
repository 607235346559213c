package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Sums} on the Vector API and on the scalar loop against exact sums, and its order fixed by the run alone. */
class SumsTest {
    private static final Sums.Kernel[] KERNELS = {new VectorSums(), null};
    private static final int[] LENGTHS = {
        0, 1, 3, 7, 8, 17, 31, 32, 33, 129, 1000, Sums.CHUNK - 1, Sums.CHUNK, Sums.CHUNK + 1, 3 * Sums.CHUNK + 17
    };

    @Test
    void bothKernelsGiveTheExactSumToDoublePrecision() {
        SplittableRandom rng = new SplittableRandom(3);
        for (Sums.Kernel kernel : KERNELS) {
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
                        double got = Sums.sum(kernel, a, off, stride, n);
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
        for (Sums.Kernel kernel : KERNELS) {
            for (int n : new int[] {5, 40, 100}) {
                float[] a = new float[n];
                java.util.Arrays.fill(a, 1f);
                a[n - 2] = Float.POSITIVE_INFINITY;
                assertEquals(Double.POSITIVE_INFINITY, Sums.sum(kernel, a, 0, 1, n));
                a[1] = Float.NEGATIVE_INFINITY;
                assertTrue(Double.isNaN(Sums.sum(kernel, a, 0, 1, n)));
                java.util.Arrays.fill(a, 1f);
                a[n / 2] = Float.NaN;
                assertTrue(Double.isNaN(Sums.sum(kernel, a, 0, 1, n)));
                java.util.Arrays.fill(a, Float.MAX_VALUE); // overflows float, not double
                assertEquals((double) Float.MAX_VALUE * n, Sums.sum(kernel, a, 0, 1, n), 1e-9 * Float.MAX_VALUE * n);
            }
        }
    }

    @Test
    void aLongRunGivesTheSameBitsOnOneThreadAsOnAll() {
        float[] a = new float[5 * Sums.CHUNK + 123];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (Sums.Kernel kernel : KERNELS) {
            double onAll = Sums.sum(kernel, a, 0, 1, a.length);
            double[] onOne = new double[1];
            // inside a parallel body the nested call runs its chunks on this thread, one after another
            Parallel.forRange(1, 1, (s, e) -> onOne[0] = Sums.sum(kernel, a, 0, 1, a.length));
            assertEquals(Double.doubleToRawLongBits(onAll), Double.doubleToRawLongBits(onOne[0]));
            double inOrder = 0;
            for (int from = 0; from < a.length; from += Sums.CHUNK) {
                inOrder += Sums.sum(kernel, a, from, 1, Math.min(Sums.CHUNK, a.length - from));
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
            double vector = Sums.sum(KERNELS[0], a, 0, 1, n), scalar = Sums.sum(null, a, 0, 1, n);
            differ |= vector != scalar;
            sameAsVector &= Sums.sum(a, 0, 1, n) == vector;
        }
        assertTrue(differ, "the two kernels agree bit for bit here: pick other values");
        assertTrue(sameAsVector, "Sums did not use the vector kernel");
    }
}
