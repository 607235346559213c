package dev.backprop.array.kernel;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) over NCHW input with grouped weights {@code [out, in/groups, kh,
 * kw]}: per image, {@code y = W cols} for each group, where {@code cols} is the image unfolded by {@link Im2col}. Images
 * are split across threads; the unfolded columns are kept for the backward pass.
 */
public final class Convolution {
    private Convolution() {}

    /**
     * Fills {@code y [N, out, outH, outW]} and {@code cols [N, C*kh*kw, outH*outW]}; adds {@code bias [out]} to each
     * output plane while it is in cache, unless bias is null, and applies ReLU there too when {@code relu}.
     */
    public static void forward(
            ConvGeometry g,
            int outChannels,
            int groups,
            float[] x,
            float[] w,
            float[] bias,
            boolean relu,
            float[] cols,
            float[] y) {
        int cg = g.channels() / groups, og = outChannels / groups;
        int patch = g.patch(g.channels()), groupPatch = g.patch(cg), l = g.outPlane();
        int image = g.channels() * g.height() * g.width();
        Parallel.forRange(g.batch(), 1, (start, end) -> {
            for (int n = start; n < end; n++) {
                int colsOff = n * patch * l;
                Im2col.unfold(g, x, n * image, cols, colsOff);
                for (int k = 0; k < groups; k++) {
                    Gemm.gemm(
                            og,
                            l,
                            groupPatch,
                            new Operand(w, k * og * groupPatch, groupPatch, 1),
                            new Operand(cols, colsOff + k * groupPatch * l, l, 1),
                            y,
                            (n * outChannels + k * og) * l,
                            l,
                            false);
                }
                for (int o = 0; bias != null && o < outChannels; o++) {
                    float b = bias[o];
                    int base = (n * outChannels + o) * l;
                    for (int i = 0; i < l; i++) {
                        y[base + i] += b;
                    }
                }
                if (relu) {
                    int base = n * outChannels * l, end2 = base + outChannels * l;
                    for (int i = base; i < end2; i++) {
                        y[i] = Math.max(y[i], 0f);
                    }
                }
            }
        });
    }

    /**
     * Gradients from {@code gradOut [N, out, outH, outW]}: into {@code gradX} (same shape as x), {@code gradW} (same
     * shape as w) and {@code gradBias [out]} (the sum of each output plane), all overwritten; any may be null when not
     * needed. With a fused ReLU, {@code reluOutput} is the forward's output: the gradient passes where it is positive
     * (masked per image into a scratch buffer, so no extra full-size array); otherwise it is null.
     */
    public static void backward(
            ConvGeometry g,
            int outChannels,
            int groups,
            float[] gradOut,
            float[] w,
            float[] cols,
            float[] gradX,
            float[] gradW,
            float[] gradBias,
            float[] reluOutput) {
        int cg = g.channels() / groups, og = outChannels / groups;
        int patch = g.patch(g.channels()), groupPatch = g.patch(cg), l = g.outPlane();
        int image = g.channels() * g.height() * g.width();
        Object lock = new Object();
        if (gradW != null) {
            java.util.Arrays.fill(gradW, 0f);
        }
        if (gradBias != null) {
            java.util.Arrays.fill(gradBias, 0f);
        }
        Parallel.forRange(g.batch(), 1, (start, end) -> {
            float[] partialW = gradW == null ? null : new float[gradW.length];
            float[] gradCols = gradX == null ? null : new float[patch * l];
            float[] partialBias = gradBias == null ? null : new float[outChannels];
            float[] masked = reluOutput == null ? null : new float[outChannels * l];
            for (int n = start; n < end; n++) {
                float[] grad = gradOut;
                int imageOff = n * outChannels * l;
                if (masked != null) {
                    for (int i = 0; i < masked.length; i++) {
                        masked[i] = reluOutput[imageOff + i] > 0f ? gradOut[imageOff + i] : 0f;
                    }
                    grad = masked;
                    imageOff = 0;
                }
                if (partialBias != null) {
                    for (int o = 0; o < outChannels; o++) {
                        float sum = 0;
                        int base = imageOff + o * l;
                        for (int i = 0; i < l; i++) {
                            sum += grad[base + i];
                        }
                        partialBias[o] += sum;
                    }
                }
                int colsOff = n * patch * l;
                for (int k = 0; k < groups; k++) {
                    int gOff = imageOff + k * og * l;
                    if (partialW != null) { // dW_k += dY_k cols_k^T
                        Gemm.gemm(
                                og,
                                groupPatch,
                                l,
                                new Operand(grad, gOff, l, 1),
                                new Operand(cols, colsOff + k * groupPatch * l, 1, l),
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
                    java.util.Arrays.fill(gradX, n * image, (n + 1) * image, 0f);
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
}
