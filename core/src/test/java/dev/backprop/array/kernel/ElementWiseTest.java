package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The element-wise loops, on the Vector API and on the scalar fallback, against {@link UnaryFn#apply} and {@link
 * BinaryFn#apply} element by element: odd lengths on either side of a vector's width, offsets that differ between
 * input and output, special values, elements outside the range left alone, and outputs that are also inputs.
 */
class ElementWiseTest {
    /** Both loops: the Vector API kernel, and null for the scalar fallback. */
    private static final ElementWise.Kernel[] KERNELS = {new VectorElementWise(), null};

    private static final int[] LENGTHS = {1, 3, 7, 15, 16, 17, 31, 33, 129, 1000};
    private static final float[] SPECIAL = {
        Float.NaN,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        0f,
        -0f,
        1f,
        -1f,
        Float.MIN_VALUE,
        -Float.MIN_NORMAL,
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        88.8f, // exp overflows just above 88.72
        -88f,
        -104f, // exp underflows to 0 below -103.97
        1e-30f,
        30f
    };

    @ParameterizedTest
    @EnumSource(UnaryFn.class)
    void unaryMatchesTheFunctionAtAnyOffsetAndLength(UnaryFn fn) {
        SplittableRandom rng = new SplittableRandom(fn.ordinal());
        for (ElementWise.Kernel kernel : KERNELS) {
            for (int n : LENGTHS) {
                for (int[] offsets : new int[][] {{0, 0}, {3, 0}, {0, 5}, {17, 17}}) {
                    float[] x = values(offsets[0] + n + 2, rng);
                    float[] out = sentinels(offsets[1] + n + 2);
                    ElementWise.unary(kernel, fn, x, offsets[0], 1, out, offsets[1], 1, n);
                    for (int i = 0; i < out.length; i++) {
                        int k = i - offsets[1];
                        if (k < 0 || k >= n) {
                            assertEquals(-7f, out[i], "element " + i + " is outside the range and must be left alone");
                        } else {
                            float v = x[offsets[0] + k];
                            assertClose(
                                    fn.apply(v),
                                    out[i],
                                    ulps(fn),
                                    absolute(fn),
                                    fn + "(" + v + ") with " + describe(kernel));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryFn.class)
    void binaryMatchesTheFunctionForArraysAndAScalar(BinaryFn fn) {
        SplittableRandom rng = new SplittableRandom(100 + fn.ordinal());
        for (ElementWise.Kernel kernel : KERNELS) {
            for (int n : LENGTHS) {
                float[] a = values(n + 4, rng), b = values(n + 5, rng);
                if (fn == BinaryFn.EQ || fn == BinaryFn.NE) {
                    System.arraycopy(a, 0, b, 1, n / 2); // some equal pairs
                }
                float[] out = sentinels(n + 6);
                ElementWise.binary(kernel, fn, a, 2, 1, b, 1, 1, out, 3, 1, n);
                for (int i = 0; i < n; i++) {
                    assertClose(fn.apply(a[2 + i], b[1 + i]), out[3 + i], 0, fn + " with " + describe(kernel));
                }
                assertEquals(-7f, out[2]);
                assertEquals(-7f, out[3 + n]);
                for (float s : new float[] {0.5f, -3f, 0f, Float.NaN}) {
                    float[] scalar = {9f, s};
                    ElementWise.binary(kernel, fn, a, 2, 1, scalar, 1, 0, out, 3, 1, n);
                    for (int i = 0; i < n; i++) {
                        assertClose(fn.apply(a[2 + i], s), out[3 + i], 0, fn + " against " + s);
                    }
                }
            }
        }
    }

    @Test
    void aPartialLastVectorMayEndWhereItsArraysEnd() {
        // masked tails read and write no element past the arrays' ends
        SplittableRandom rng = new SplittableRandom(10);
        for (ElementWise.Kernel kernel : KERNELS) {
            for (int n : LENGTHS) {
                float[] a = values(n, rng), b = values(n, rng), out = new float[n], scalar = {2.5f};
                for (BinaryFn fn : BinaryFn.values()) {
                    ElementWise.binary(kernel, fn, a, 0, 1, b, 0, 1, out, 0, 1, n);
                    for (int i = 0; i < n; i++) {
                        assertClose(fn.apply(a[i], b[i]), out[i], 0, fn + " of arrays of " + n);
                    }
                    ElementWise.binary(kernel, fn, a, 0, 1, scalar, 0, 0, out, 0, 1, n);
                    for (int i = 0; i < n; i++) {
                        assertClose(fn.apply(a[i], 2.5f), out[i], 0, fn + " of an array of " + n + " and a number");
                    }
                }
                for (UnaryFn fn : UnaryFn.values()) {
                    ElementWise.unary(kernel, fn, a, 0, 1, out, 0, 1, n);
                    for (int i = 0; i < n; i++) {
                        assertClose(fn.apply(a[i]), out[i], ulps(fn), absolute(fn), fn + " of an array of " + n);
                    }
                }
            }
        }
    }

    @Test
    void inPlaceFormMatchesTheFunction() {
        SplittableRandom rng = new SplittableRandom(9);
        for (ElementWise.Kernel kernel : KERNELS) {
            for (BinaryFn fn : BinaryFn.values()) {
                for (int n : LENGTHS) {
                    float[] acc = values(n + 8, rng), b = values(n + 8, rng), before = acc.clone();
                    ElementWise.binaryInPlace(kernel, fn, acc, b, 3, 2, 2 + n);
                    for (int i = 0; i < acc.length; i++) {
                        float expected = i >= 2 && i < 2 + n ? fn.apply(before[i], b[3 + i]) : before[i];
                        assertClose(expected, acc[i], 0, fn + " in place with " + describe(kernel));
                    }
                }
            }
        }
    }

    @Test
    void anOutputThatIsAlsoAnInputIsReadAsTheScalarLoopReadsIt() {
        // out = a at the same offset: in place, fine for vectors; out = a one element on: each element sees the one
        // just written, which only the element-by-element loop gives, so both kernels must fall back to it
        for (ElementWise.Kernel kernel : KERNELS) {
            float[] x = new float[40];
            Arrays.fill(x, 1f);
            ElementWise.binary(kernel, BinaryFn.ADD, x, 0, 1, x, 0, 1, x, 0, 1, 40);
            for (float v : x) {
                assertEquals(2f, v);
            }
            float[] y = new float[40];
            y[0] = 1f;
            ElementWise.binary(kernel, BinaryFn.ADD, y, 0, 1, new float[] {1f}, 0, 0, y, 1, 1, 39);
            for (int i = 0; i < 40; i++) {
                assertEquals(i + 1f, y[i], "a running sum at " + i);
            }
            float[] z = new float[40];
            Arrays.fill(z, 1f);
            ElementWise.binaryInPlace(kernel, BinaryFn.ADD, z, z, -1, 1, 40); // z[i] += z[i - 1]
            for (int i = 0; i < 40; i++) {
                assertEquals(i + 1f, z[i], "a running sum at " + i);
            }
            float[] w = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f, 18f};
            ElementWise.unary(kernel, UnaryFn.NEG, w, 0, 1, w, 1, 1, 17); // w[i + 1] = -w[i]
            for (int i = 0; i < w.length; i++) {
                assertEquals(i % 2 == 0 ? 1f : -1f, w[i], "alternating signs at " + i);
            }
        }
    }

    @Test
    void theVectorLoopsAreInUseWhereTheJvmHasTheVectorApi() {
        // the tests run with --add-modules jdk.incubator.vector: TANH through ElementWise must give the vector
        // kernel's bits, which differ from Math.tanh's somewhere in this range
        float[] x = new float[4096], viaDefault = new float[x.length], viaVector = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = -4f + 8f * i / x.length;
        }
        float[] viaScalar = new float[x.length];
        ElementWise.unary(UnaryFn.TANH, x, 0, 1, viaDefault, 0, 1, x.length);
        ElementWise.unary(KERNELS[0], UnaryFn.TANH, x, 0, 1, viaVector, 0, 1, x.length);
        ElementWise.unary(null, UnaryFn.TANH, x, 0, 1, viaScalar, 0, 1, x.length);
        assertTrue(!Arrays.equals(viaScalar, viaVector), "the two kernels agree bit for bit here: pick other values");
        assertTrue(Arrays.equals(viaDefault, viaVector), "ElementWise did not use the vector kernel");
    }

    /** Random values in [-5, 5) with every special value mixed in. */
    private static float[] values(int n, SplittableRandom rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(4) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) (rng.nextDouble() * 10 - 5);
        }
        return v;
    }

    private static float[] sentinels(int n) {
        float[] v = new float[n];
        Arrays.fill(v, -7f);
        return v;
    }

    /**
     * How far the vector math may be from {@code Math}'s, in units in the last place: exp, log and tanh are {@link
     * VectorMath}'s polynomials; the logistic function and softplus add a rounded division or sum.
     */
    private static int ulps(UnaryFn fn) {
        return switch (fn) {
            case EXP, LOG, TANH -> 2;
            case SIGMOID, SOFTPLUS -> 4;
            case GELU, GELU_DERIVATIVE -> 8;
            default -> 0;
        };
    }

    /** The absolute error allowed besides: where GELU's derivative crosses 0 its two terms cancel. */
    private static float absolute(UnaryFn fn) {
        return fn == UnaryFn.GELU_DERIVATIVE ? 2e-7f : 1e-37f;
    }

    /**
     * Equal as {@code Float.compare} sees them at 0 ulps (a NaN matches a NaN, 0 and -0 differ), else within {@code
     * ulps} of the expected value's ulp, with subnormal results allowed an absolute error of 1e-37.
     */
    private static void assertClose(float expected, float actual, int ulps, String what) {
        assertClose(expected, actual, ulps, 1e-37f, what);
    }

    /** {@link #assertClose(float, float, int, String)} with an absolute error of {@code absolute} allowed besides. */
    private static void assertClose(float expected, float actual, int ulps, float absolute, String what) {
        if (Float.isNaN(expected) || Float.isNaN(actual) || Float.isInfinite(expected) || ulps == 0) {
            if (Float.compare(expected, actual) != 0) {
                fail(what + ": expected " + expected + " but was " + actual);
            }
            return;
        }
        float tolerance = Math.max(ulps * Math.ulp(expected), absolute);
        if (!(Math.abs(expected - actual) <= tolerance)) {
            fail(what + ": expected " + expected + " but was " + actual + " (" + ulps + " ulp allowed)");
        }
    }

    private static String describe(ElementWise.Kernel kernel) {
        return kernel == null ? "the scalar loops" : "the Vector API";
    }
}
