package dev.backprop.array.kernel;

import java.util.Arrays;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) over NCHW input with grouped weights {@code [out, in/groups, kh,
 * kw]}: per image, {@code y = W cols} for each group, where {@code cols} is the image unfolded by {@link Im2col}.
 * Images are split across threads, and everything per image (the unfolded columns, and the unpooled output when a max
 * pool is fused) lives in a small per-thread scratch that stays in cache: the backward pass unfolds the image again
 * rather than keeping a column matrix for the whole batch.
 *
 * <p>The post-ops run on each image's output while it is in cache: the bias, a ReLU, optionally a max pool and a
 * dropout, so {@code dropout(maxPool(relu(conv(x) + b)))} never writes the full-size activation to memory; the pool
 * records where in its window each maximum came from (a byte), and the dropout's mask is a function of its seed, so
 * that is all the backward pass needs. A pool whose windows tile the output is computed over slab-ordered columns
 * ({@link TiledPooling}).
 */
public final class Convolution {
    private Convolution() {}

    /**
     * Fills {@code y}: {@code [N, out, outH, outW]}, or, with a {@code pool} window (a geometry over that output,
     * applied image by image), the pooled {@code [N, out, poolH, poolW]}, with {@code where} (same size) set to the
     * position of each maximum within its window ({@code i*kw + j}). {@code bias [out]} and {@code dropout} (applied
     * last, to the pooled output, element {@code i} of {@code y} by mask element {@code i}) may be null.
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
            DropoutMask dropout,
            float[] y,
            byte[] where) {
        Layout layout = new Layout(g, outChannels, groups, pool);
        Parallel.forRange(g.batch(), 1, (start, end) -> {
            float[] cols = new float[layout.patch * layout.span];
            float[] unpooled = pool == null ? null : new float[outChannels * layout.span];
            int[] argmax = pool == null || layout.tiled ? null : new int[layout.outImage];
            for (int n = start; n < end; n++) {
                int yOff = n * layout.outImage;
                layout.unfold(x, n, cols);
                float[] out = pool == null ? y : unpooled;
                int outOff = pool == null ? yOff : 0;
                for (int k = 0; k < groups; k++) {
                    Gemm.gemm(
                            layout.og,
                            layout.span,
                            layout.groupPatch,
                            new Operand(w, k * layout.og * layout.groupPatch, layout.groupPatch, 1),
                            new Operand(cols, k * layout.groupPatch * layout.span, layout.span, 1),
                            out,
                            outOff + k * layout.og * layout.span,
                            layout.span,
                            false);
                }
                for (int o = 0; bias != null && o < outChannels; o++) {
                    float b = bias[o];
                    for (int i = outOff + o * layout.span, e = i + layout.span; i < e; i++) {
                        out[i] += b;
                    }
                }
                if (relu) {
                    for (int i = outOff, e = i + outChannels * layout.span; i < e; i++) {
                        out[i] = Math.max(out[i], 0f);
                    }
                }
                if (layout.tiled) {
                    TiledPooling.max(unpooled, 0, outChannels, layout.tile, layout.pooledPlane, y, yOff, where);
                } else if (pool != null) {
                    Pooling.maxPlanes(pool, unpooled, 0, y, yOff, argmax, 0, 0, outChannels);
                    for (int i = 0; i < layout.outImage; i++) {
                        where[yOff + i] = (byte) layout.windowPosition(i, argmax[i]);
                    }
                }
                if (dropout != null) {
                    dropout.apply(y, y, yOff, yOff + layout.outImage);
                }
            }
        });
    }

    /**
     * Gradients from {@code gradOut} (the shape of the forward's {@code y}): into {@code gradX} (same shape as x),
     * {@code gradW} (same shape as w) and {@code gradBias [out]} (the sum of each output plane), all overwritten; any
     * may be null when not needed. {@code y}, {@code relu}, {@code pool}, {@code dropout} and {@code where} are the
     * forward's: the gradient is masked by the dropout, passes where the output is positive (with a ReLU), and goes to
     * each window's maximum (with a pool). The gradient of each image's unpooled output is assembled in scratch memory.
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
            DropoutMask dropout,
            byte[] where,
            float[] gradX,
            float[] gradW,
            float[] gradBias) {
        Layout layout = new Layout(g, outChannels, groups, pool);
        int image = layout.image;
        // each chunk of images sums its own weight and bias gradients, added up afterwards in chunk order, so the
        // result does not depend on which thread finishes first
        ConcurrentSkipListMap<Integer, float[][]> partials = new ConcurrentSkipListMap<>();
        // the masked gradient of the (pooled) activation needs an array of its own unless the tiled pool's scatter
        // masks
        boolean masked = dropout != null && !relu || relu && !layout.tiled;
        Parallel.forRange(g.batch(), 1, (start, end) -> {
            float[] partialW = gradW == null ? null : new float[gradW.length];
            float[] partialBias = gradBias == null ? null : new float[outChannels];
            float[] cols = gradW == null ? null : new float[layout.patch * layout.span];
            float[] gradCols = gradX == null ? null : new float[layout.patch * layout.span];
            float[] outGrad = masked ? new float[layout.outImage] : null;
            float[] scratch = pool != null ? new float[outChannels * layout.span] : null;
            for (int n = start; n < end; n++) {
                int yOff = n * layout.outImage;
                float[] grad = gradOut;
                int gradOff = yOff;
                if (!relu && dropout != null) { // the gradient times the mask, drawn again
                    System.arraycopy(gradOut, yOff, outGrad, 0, layout.outImage);
                    dropout.applyShifted(outGrad, 0, layout.outImage, yOff);
                    grad = outGrad;
                    gradOff = 0;
                }
                if (layout.tiled) {
                    // in one pass: each pooled gradient to its window's maximum, where the output is positive (with a
                    // ReLU, y > 0 also means the dropout kept the element), and summed per channel for the bias
                    float scale = relu && dropout != null ? dropout.scale() : 1f;
                    TiledPooling.scatter(
                            grad,
                            gradOff,
                            relu ? y : null,
                            scale,
                            where,
                            yOff,
                            outChannels,
                            layout.tile,
                            layout.pooledPlane,
                            scratch,
                            partialBias);
                    grad = scratch;
                    gradOff = 0;
                } else {
                    if (relu) { // the gradient passes where y > 0, which also means the dropout kept the element
                        float scale = dropout == null ? 1f : dropout.scale();
                        for (int i = 0; i < layout.outImage; i++) {
                            outGrad[i] = y[yOff + i] > 0 ? gradOut[yOff + i] * scale : 0f;
                        }
                        grad = outGrad;
                        gradOff = 0;
                    }
                    for (int o = 0; partialBias != null && o < outChannels; o++) {
                        int plane = layout.outImage / outChannels;
                        partialBias[o] += sum(grad, gradOff + o * plane, plane);
                    }
                    if (pool != null) { // each pooled gradient to its window's maximum
                        Arrays.fill(scratch, 0f);
                        for (int i = 0; i < layout.outImage; i++) {
                            scratch[layout.unpooledIndex(i, where[yOff + i] & 0xff)] += grad[gradOff + i];
                        }
                        grad = scratch;
                        gradOff = 0;
                    }
                }
                if (cols != null) {
                    layout.unfold(x, n, cols);
                }
                for (int k = 0; k < groups; k++) {
                    int gOff = gradOff + k * layout.og * layout.span;
                    if (partialW != null) { // dW_k += dY_k cols_k^T
                        Gemm.gemm(
                                layout.og,
                                layout.groupPatch,
                                layout.span,
                                new Operand(grad, gOff, layout.span, 1),
                                new Operand(cols, k * layout.groupPatch * layout.span, 1, layout.span),
                                partialW,
                                k * layout.og * layout.groupPatch,
                                layout.groupPatch,
                                true);
                    }
                    if (gradCols != null) { // dcols_k = W_k^T dY_k
                        Gemm.gemm(
                                layout.groupPatch,
                                layout.span,
                                layout.og,
                                new Operand(w, k * layout.og * layout.groupPatch, 1, layout.groupPatch),
                                new Operand(grad, gOff, layout.span, 1),
                                gradCols,
                                k * layout.groupPatch * layout.span,
                                layout.span,
                                false);
                    }
                }
                if (gradCols != null) {
                    Arrays.fill(gradX, n * image, (n + 1) * image, 0f);
                    layout.fold(gradCols, gradX, n * image);
                }
            }
            partials.put(start, new float[][] {partialW, partialBias});
        });
        if (gradW != null) {
            Arrays.fill(gradW, 0f);
        }
        if (gradBias != null) {
            Arrays.fill(gradBias, 0f);
        }
        for (float[][] partial : partials.values()) { // in chunk order
            for (int i = 0; gradW != null && i < gradW.length; i++) {
                gradW[i] += partial[0][i];
            }
            for (int o = 0; gradBias != null && o < outChannels; o++) {
                gradBias[o] += partial[1][o];
            }
        }
    }

    /**
     * How one image is unfolded and pooled. Without a pool, or with an overlapping one, the columns are the output
     * positions in reading order ({@code span = outH*outW}); with a pool whose windows tile the output
     * ({@link TiledPooling#tiles}) they are in slab order and cover only the tiled positions, so the pool is a maximum
     * over {@code tile} contiguous slabs of {@code pooledPlane} columns.
     */
    private static final class Layout {
        final ConvGeometry g;
        final ConvGeometry pool;
        final boolean tiled;
        final int og;
        final int groupPatch;
        final int patch;
        final int span;
        final int outImage;
        final int tile;
        final int pooledPlane;
        final int image;

        Layout(ConvGeometry g, int outChannels, int groups, ConvGeometry pool) {
            this.g = g;
            this.pool = pool;
            this.tiled = pool != null && TiledPooling.tiles(pool);
            this.og = outChannels / groups;
            this.groupPatch = g.patch(g.channels() / groups);
            this.patch = g.patch(g.channels());
            this.pooledPlane = pool == null ? g.outPlane() : pool.outPlane();
            this.tile = tiled ? pool.kernelH() * pool.kernelW() : 1;
            this.span = tiled ? tile * pooledPlane : g.outPlane();
            this.outImage = outChannels * pooledPlane;
            this.image = g.channels() * g.height() * g.width();
        }

        void unfold(float[] x, int n, float[] cols) {
            if (tiled) {
                Im2col.unfoldTiled(g, pool.kernelH(), pool.kernelW(), x, n * image, cols, 0);
            } else {
                Im2col.unfold(g, x, n * image, cols, 0);
            }
        }

        void fold(float[] cols, float[] gradX, int xOff) {
            if (tiled) {
                Im2col.foldTiled(g, pool.kernelH(), pool.kernelW(), cols, 0, gradX, xOff);
            } else {
                Im2col.fold(g, cols, 0, gradX, xOff);
            }
        }

        /** The window position {@code i*kw + j} of pooled output {@code o} whose maximum is at {@code unpooled}. */
        int windowPosition(int o, int unpooled) {
            int plane = pool.height() * pool.width(), at = unpooled % plane, q = o % pooledPlane;
            int h = at / pool.width() - ((q / pool.outW()) * pool.strideH() - pool.padH());
            int w = at % pool.width() - ((q % pool.outW()) * pool.strideW() - pool.padW());
            return (h / pool.dilationH()) * pool.kernelW() + w / pool.dilationW();
        }

        /** The inverse of {@link #windowPosition}: the index in the image's unpooled output. */
        int unpooledIndex(int o, int position) {
            int plane = pool.height() * pool.width(), c = o / pooledPlane, q = o % pooledPlane;
            int h = (q / pool.outW()) * pool.strideH() - pool.padH() + (position / pool.kernelW()) * pool.dilationH();
            int w = (q % pool.outW()) * pool.strideW() - pool.padW() + (position % pool.kernelW()) * pool.dilationW();
            return c * plane + h * pool.width() + w;
        }
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
