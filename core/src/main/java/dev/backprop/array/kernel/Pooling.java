package dev.backprop.array.kernel;

/** Max and average pooling over NCHW planes; padding never wins a max and counts as zero in an average. */
public final class Pooling {
    private Pooling() {}

    /** Fills {@code y} with window maxima and {@code argmax} with the flat input index of each (the first on ties). */
    public static void maxForward(ConvGeometry g, float[] x, float[] y, int[] argmax) {
        Parallel.forRange(g.batch() * g.channels(), 8, (start, end) -> maxPlanes(g, x, 0, y, 0, argmax, 0, start, end));
    }

    /**
     * Max pooling of planes {@code [from, to)} counted from {@code x[xOff]} and {@code y[yOff]}, on the calling thread;
     * {@code argmax[argOff ...]} receives input indices relative to {@code xOff}. The convolution calls this per image.
     */
    static void maxPlanes(
            ConvGeometry g, float[] x, int xOff, float[] y, int yOff, int[] argmax, int argOff, int from, int to) {
        if (g.kernelH() == 2
                && g.kernelW() == 2
                && g.strideH() == 2
                && g.strideW() == 2
                && g.padH() == 0
                && g.padW() == 0
                && g.dilationH() == 1
                && g.dilationW() == 1) {
            max2x2(g, x, xOff, y, yOff, argmax, argOff, from, to);
            return;
        }
        int outH = g.outH(), outW = g.outW(), plane = g.height() * g.width();
        for (int p = from; p < to; p++) {
            int base = p * plane, o = yOff + p * outH * outW, shift = argOff - yOff;
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++, o++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int i = 0; i < g.kernelH(); i++) {
                        int h = oh * g.strideH() - g.padH() + i * g.dilationH();
                        if (h < 0 || h >= g.height()) {
                            continue;
                        }
                        for (int j = 0; j < g.kernelW(); j++) {
                            int w = ow * g.strideW() - g.padW() + j * g.dilationW();
                            if (w >= 0 && w < g.width()) {
                                float v = x[xOff + base + h * g.width() + w];
                                if (v > best || at < 0 || Float.isNaN(v)) {
                                    best = v;
                                    at = base + h * g.width() + w;
                                }
                            }
                        }
                    }
                    y[o] = best;
                    argmax[o + shift] = at;
                }
            }
        }
    }

    /**
     * The common 2x2, stride 2 window without padding, without branches: the values are compared as integers that sort
     * like the floats ({@link #orderedBits}), which the JIT turns into conditional moves (float comparisons become
     * jumps, mispredicted half the time on activations). Ties go to the first in reading order.
     */
    private static void max2x2(
            ConvGeometry g, float[] x, int xOff, float[] y, int yOff, int[] argmax, int argOff, int from, int to) {
        int outH = g.outH(), outW = g.outW(), w = g.width(), plane = g.height() * w, shift = argOff - yOff;
        for (int p = from; p < to; p++) {
            int o = yOff + p * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                int row = p * plane + 2 * oh * w;
                for (int ow = 0; ow < outW; ow++, o++) {
                    int i0 = row + 2 * ow;
                    int a = orderedBits(x[xOff + i0]), b = orderedBits(x[xOff + i0 + 1]);
                    int c = orderedBits(x[xOff + i0 + w]), d = orderedBits(x[xOff + i0 + w + 1]);
                    int top = b > a ? i0 + 1 : i0, bottom = d > c ? i0 + w + 1 : i0 + w;
                    int at = Math.max(c, d) > Math.max(a, b) ? bottom : top;
                    y[o] = x[xOff + at];
                    argmax[o + shift] = at;
                }
            }
        }
    }

    /**
     * The float as an int whose signed order is the float order: its magnitude bits, negated for negative values (so
     * -0 and +0 tie), and every NaN above all numbers so that a NaN wins its window, as in the general path and PyTorch.
     */
    static int orderedBits(float v) {
        int bits = Float.floatToRawIntBits(v), magnitude = bits & 0x7fffffff, sign = bits >> 31;
        return magnitude > 0x7f800000 ? Integer.MAX_VALUE : (magnitude ^ sign) - sign;
    }

    /**
     * The transpose of {@link #maxForward}: each output's gradient added at its argmax. Planes are split across threads
     * (an argmax never leaves its plane, so no two threads write the same element).
     */
    public static void maxBackward(ConvGeometry g, float[] gradOut, int[] argmax, float[] gradX) {
        int outPlane = g.outH() * g.outW();
        Parallel.forRange(g.batch() * g.channels(), 8, (start, end) -> {
            for (int o = start * outPlane; o < end * outPlane; o++) {
                gradX[argmax[o]] += gradOut[o];
            }
        });
    }

    /** Averages each window, dividing by the full window size (padding counts, as PyTorch's default). */
    public static void averageForward(ConvGeometry g, float[] x, float[] y) {
        int outH = g.outH(), outW = g.outW(), plane = g.height() * g.width();
        float scale = 1f / (g.kernelH() * g.kernelW());
        Parallel.forRange(g.batch() * g.channels(), 8, (start, end) -> {
            for (int p = start; p < end; p++) {
                int base = p * plane, o = p * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++, o++) {
                        float sum = 0;
                        for (int i = 0; i < g.kernelH(); i++) {
                            int h = oh * g.strideH() - g.padH() + i * g.dilationH();
                            for (int j = 0; h >= 0 && h < g.height() && j < g.kernelW(); j++) {
                                int w = ow * g.strideW() - g.padW() + j * g.dilationW();
                                if (w >= 0 && w < g.width()) {
                                    sum += x[base + h * g.width() + w];
                                }
                            }
                        }
                        y[o] = sum * scale;
                    }
                }
            }
        });
    }

    /** The transpose of {@link #averageForward}: each output's gradient spread evenly over its window. */
    public static void averageBackward(ConvGeometry g, float[] gradOut, float[] gradX) {
        int outH = g.outH(), outW = g.outW(), plane = g.height() * g.width();
        float scale = 1f / (g.kernelH() * g.kernelW());
        Parallel.forRange(g.batch() * g.channels(), 8, (start, end) -> {
            for (int p = start; p < end; p++) {
                int base = p * plane, o = p * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++, o++) {
                        float share = gradOut[o] * scale;
                        for (int i = 0; i < g.kernelH(); i++) {
                            int h = oh * g.strideH() - g.padH() + i * g.dilationH();
                            for (int j = 0; h >= 0 && h < g.height() && j < g.kernelW(); j++) {
                                int w = ow * g.strideW() - g.padW() + j * g.dilationW();
                                if (w >= 0 && w < g.width()) {
                                    gradX[base + h * g.width() + w] += share;
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
