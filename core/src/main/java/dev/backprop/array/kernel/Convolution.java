package dev.backprop.array.kernel;

import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) over NCHW input with grouped weights {@code [out, in/groups, kh,
 * kw]}: per image, {@code y = W cols} for each group, where {@code cols} is the image unfolded by {@link Im2col}.
 * Images are split across threads, and everything per image (the unfolded columns, and the unpooled output when a max
 * pool is fused) lives in a small per-thread scratch that stays in cache: the backward pass unfolds the image again
 * rather than keeping a column matrix for the whole batch.
 *
 * <p>The post-ops run on each image's output while it is in cache: the bias, a ReLU, and optionally a max pool, so
 * {@code maxPool(relu(conv(x) + b))} never writes the full-size activation to memory; the pool records where each
 * maximum came from (an index into the image's unpooled output), and that is all the backward pass needs.
 */
public final class Convolution {
    private Convolution() {}

    /**
     * Fills {@code y}: {@code [N, out, outH, outW]}, or, with a {@code pool} window (a geometry over that output,
     * applied image by image), the pooled {@code [N, out, poolH, poolW]} with {@code argmax} (same
     * size) set to the index of each maximum within its image's unpooled output. {@code bias [out]} may be null.
     */
    public static void forward(
            ConvGeometry g,
            int outChannels,
            int groups,
            float[] x,
            float[] w,
            float[] bias,
            boolean relu,
            ConvGeometry pool,
            float[] y,
            int[] argmax) {
        int cg = g.channels() / groups, og = outChannels / groups;
        int groupPatch = g.patch(cg), l = g.outPlane(), image = g.channels() * g.height() * g.width();
        int outImage = pool == null ? outChannels * l : outChannels * pool.outPlane();
        Parallel.forRange(g.batch(), 1, (start, end) -> {
            float[] cols = new float[g.patch(g.channels()) * l];
            float[] unpooled = pool == null ? null : new float[outChannels * l];
            for (int n = start; n < end; n++) {
                Im2col.unfold(g, x, n * image, cols, 0);
                float[] out = pool == null ? y : unpooled;
                int outOff = pool == null ? n * outImage : 0;
                for (int k = 0; k < groups; k++) {
                    Gemm.gemm(
                            og,
                            l,
                            groupPatch,
                            new Operand(w, k * og * groupPatch, groupPatch, 1),
                            new Operand(cols, k * groupPatch * l, l, 1),
                            out,
                            outOff + k * og * l,
                            l,
                            false);
                }
                for (int o = 0; bias != null && o < outChannels; o++) {
                    float b = bias[o];
                    for (int i = outOff + o * l, e = i + l; i < e; i++) {
                        out[i] += b;
                    }
                }
                if (relu) {
                    for (int i = outOff, e = i + outChannels * l; i < e; i++) {
                        out[i] = Math.max(out[i], 0f);
                    }
                }
                if (pool != null) {
                    Pooling.maxPlanes(pool, unpooled, 0, y, argmax, n * outImage, 0, outChannels);
                }
            }
        });
    }

    /**
     * Gradients from {@code gradOut} (the shape of the forward's {@code y}): into {@code gradX} (same shape as x),
     * {@code gradW} (same shape as w) and {@code gradBias [out]} (the sum of each output plane), all overwritten; any
     * may be null when not needed. {@code y}, {@code relu}, {@code pool} and {@code argmax} are the forward's: with a
     * ReLU the gradient passes where the output is positive; with a pool it goes to each window's maximum. The
     * gradient of each image's unpooled output is assembled in scratch memory.
     */
    public static void backward(
            ConvGeometry g,
            int outChannels,
            int groups,
            float[] gradOut,
            float[] x,
            float[] w,
            float[] y,
            boolean relu,
            ConvGeometry pool,
            int[] argmax,
            float[] gradX,
            float[] gradW,
            float[] gradBias) {
        int cg = g.channels() / groups, og = outChannels / groups;
        int patch = g.patch(g.channels()), groupPatch = g.patch(cg), l = g.outPlane();
        int image = g.channels() * g.height() * g.width();
        int outImage = pool == null ? outChannels * l : outChannels * pool.outPlane();
        Object lock = new Object();
        if (gradW != null) {
            Arrays.fill(gradW, 0f);
        }
        if (gradBias != null) {
            Arrays.fill(gradBias, 0f);
        }
        Parallel.forRange(g.batch(), 1, (start, end) -> {
            float[] partialW = gradW == null ? null : new float[gradW.length];
            float[] partialBias = gradBias == null ? null : new float[outChannels];
            float[] cols = gradW == null ? null : new float[patch * l];
            float[] gradCols = gradX == null ? null : new float[patch * l];
            float[] scratch = relu || pool != null ? new float[outChannels * l] : null;
            for (int n = start; n < end; n++) {
                float[] grad = gradOut;
                int gradOff = n * outImage;
                if (pool != null) { // each pooled gradient to its window's maximum (if the ReLU let it through)
                    Arrays.fill(scratch, 0f);
                    for (int i = gradOff, e = i + outImage; i < e; i++) {
                        int keep = relu ? positive(y[i]) : -1;
                        scratch[argmax[i]] += Float.intBitsToFloat(Float.floatToRawIntBits(gradOut[i]) & keep);
                    }
                    grad = scratch;
                    gradOff = 0;
                } else if (relu) {
                    for (int i = 0; i < scratch.length; i++) {
                        int bits = Float.floatToRawIntBits(gradOut[gradOff + i]);
                        scratch[i] = Float.intBitsToFloat(bits & positive(y[gradOff + i]));
                    }
                    grad = scratch;
                    gradOff = 0;
                }
                for (int o = 0; partialBias != null && o < outChannels; o++) {
                    partialBias[o] += sum(grad, gradOff + o * l, l);
                }
                if (cols != null) {
                    Im2col.unfold(g, x, n * image, cols, 0);
                }
                for (int k = 0; k < groups; k++) {
                    int gOff = gradOff + k * og * l;
                    if (partialW != null) { // dW_k += dY_k cols_k^T
                        Gemm.gemm(
                                og,
                                groupPatch,
                                l,
                                new Operand(grad, gOff, l, 1),
                                new Operand(cols, k * groupPatch * l, 1, l),
                                partialW,
                                k * og * groupPatch,
                                groupPatch,
                                true);
                    }
                    if (gradCols != null) { // dcols_k = W_k^T dY_k
                        Gemm.gemm(
                                groupPatch,
                                l,
                                og,
                                new Operand(w, k * og * groupPatch, 1, groupPatch),
                                new Operand(grad, gOff, l, 1),
                                gradCols,
                                k * groupPatch * l,
                                l,
                                false);
                    }
                }
                if (gradCols != null) {
                    Arrays.fill(gradX, n * image, (n + 1) * image, 0f);
                    Im2col.fold(g, gradCols, 0, gradX, n * image);
                }
            }
            synchronized (lock) {
                for (int i = 0; partialW != null && i < partialW.length; i++) {
                    gradW[i] += partialW[i];
                }
                for (int o = 0; partialBias != null && o < outChannels; o++) {
                    gradBias[o] += partialBias[o];
                }
            }
        });
    }

    /**
     * All ones (-1) when {@code v > 0}, else 0, from the bits and without a branch (whether a ReLU passed a value is a
     * coin toss the branch predictor loses). +0 and -0 give 0; a positive float's bits are a positive int.
     */
    private static int positive(float v) {
        int bits = Float.floatToRawIntBits(v);
        return (-bits & ~bits) >> 31;
    }

    /** {@code a[off ... off+n)} added up in eight independent chains, so the adds overlap instead of queueing. */
    private static float sum(float[] a, int off, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = off, end = off + n;
        for (; i + 8 <= end; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < end; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
