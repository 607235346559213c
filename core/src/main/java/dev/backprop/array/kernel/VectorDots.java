package dev.backprop.array.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemm}'s path for few rows or few columns and a long sum along contiguous rows of A and columns of B: dot
 * products, without packing. Loaded only with {@code VectorGemm}.
 */
final class VectorDots {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorDots() {}

    /**
     * Rows {@code [from, to)} of {@code C += A B} as dot products of A's rows with B's columns, both contiguous: 4 rows
     * by 3 columns at a time in 12 vector accumulators (7 loads per 12 FMAs), the rest one by one. This is the weight
     * gradient of a convolution with few input channels ({@code [32 x 676] x [676 x 9]} per image for the MNIST CNN),
     * where packing B into 32-wide panels would mostly copy zeros.
     */
    static void rows(int from, int to, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc) {
        float[] ad = a.data(), bd = b.data();
        int i = from;
        for (; i + 4 <= to; i += 4) {
            int j = 0;
            for (; j + 3 <= n; j += 3) {
                dot4x3(k, ad, a.at(i, 0), a.rowStride(), bd, b.at(0, j), b.colStride(), c, cOff + i * ldc + j, ldc);
            }
            for (; j < n; j++) {
                for (int r = i; r < i + 4; r++) {
                    c[cOff + r * ldc + j] += dot(k, ad, a.at(r, 0), bd, b.at(0, j));
                }
            }
        }
        for (; i < to; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] += dot(k, ad, a.at(i, 0), bd, b.at(0, j));
            }
        }
    }

    private static void dot4x3(
            int k, float[] a, int a0, int ar, float[] b, int b0, int bc, float[] c, int cOff, int ldc) {
        int a1 = a0 + ar, a2 = a1 + ar, a3 = a2 + ar, b1 = b0 + bc, b2 = b1 + bc;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
        int bound = S.loopBound(k);
        for (int p = 0; p < bound; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            x = FloatVector.fromArray(S, a, a2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            x = FloatVector.fromArray(S, a, a3 + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            s32 = x.fma(y2, s32);
        }
        // reduced one by one: an array of vectors would box them
        c[cOff] += finish(s00, k, bound, a, a0, b, b0);
        c[cOff + 1] += finish(s01, k, bound, a, a0, b, b1);
        c[cOff + 2] += finish(s02, k, bound, a, a0, b, b2);
        c[cOff + ldc] += finish(s10, k, bound, a, a1, b, b0);
        c[cOff + ldc + 1] += finish(s11, k, bound, a, a1, b, b1);
        c[cOff + ldc + 2] += finish(s12, k, bound, a, a1, b, b2);
        c[cOff + 2 * ldc] += finish(s20, k, bound, a, a2, b, b0);
        c[cOff + 2 * ldc + 1] += finish(s21, k, bound, a, a2, b, b1);
        c[cOff + 2 * ldc + 2] += finish(s22, k, bound, a, a2, b, b2);
        c[cOff + 3 * ldc] += finish(s30, k, bound, a, a3, b, b0);
        c[cOff + 3 * ldc + 1] += finish(s31, k, bound, a, a3, b, b1);
        c[cOff + 3 * ldc + 2] += finish(s32, k, bound, a, a3, b, b2);
    }

    /** The lanes of {@code acc} added up, plus the products past the last whole vector. */
    private static float finish(FloatVector acc, int k, int bound, float[] a, int aOff, float[] b, int bOff) {
        float sum = VectorSums.sum(acc);
        for (int p = bound; p < k; p++) {
            sum += a[aOff + p] * b[bOff + p];
        }
        return sum;
    }

    private static float dot(int k, float[] a, int aOff, float[] b, int bOff) {
        FloatVector acc = FloatVector.zero(S);
        int bound = S.loopBound(k);
        for (int p = 0; p < bound; p += L) {
            acc = FloatVector.fromArray(S, a, aOff + p).fma(FloatVector.fromArray(S, b, bOff + p), acc);
        }
        return finish(acc, k, bound, a, aOff, b, bOff);
    }
}
