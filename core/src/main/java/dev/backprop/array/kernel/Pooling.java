package dev.backprop.array.kernel;

/** Max and average pooling over NCHW planes; padding never wins a max and counts as zero in an average. */
public final class Pooling {
    private Pooling() {}

    /** Fills {@code y} with window maxima and {@code argmax} with the flat input index of each (the first on ties). */
    public static void maxForward(ConvGeometry g, float[] x, float[] y, int[] argmax) {
        int outH = g.outH(), outW = g.outW(), plane = g.height() * g.width();
        if (g.kernelH() == 2
                && g.kernelW() == 2
                && g.strideH() == 2
                && g.strideW() == 2
                && g.padH() == 0
                && g.padW() == 0
                && g.dilationH() == 1
                && g.dilationW() == 1) {
            max2x2(g, x, y, argmax);
            return;
        }
        Parallel.forRange(g.batch() * g.channels(), 8, (start, end) -> {
            for (int p = start; p < end; p++) {
                int base = p * plane, o = p * outH * outW;
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
                                    float v = x[base + h * g.width() + w];
                                    if (v > best || at < 0 || Float.isNaN(v)) {
                                        best = v;
                                        at = base + h * g.width() + w;
                                    }
                                }
                            }
                        }
                        y[o] = best;
                        argmax[o] = at;
                    }
                }
            }
        });
    }

    /** The common 2x2, stride 2 window without padding: no bounds checks, ties to the first in reading order. */
    private static void max2x2(ConvGeometry g, float[] x, float[] y, int[] argmax) {
        int outH = g.outH(), outW = g.outW(), w = g.width(), plane = g.height() * w;
        Parallel.forRange(g.batch() * g.channels(), 8, (start, end) -> {
            for (int p = start; p < end; p++) {
                int o = p * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    int row = p * plane + 2 * oh * w;
                    for (int ow = 0; ow < outW; ow++, o++) {
                        int i0 = row + 2 * ow, i1 = i0 + 1, i2 = i0 + w, i3 = i2 + 1;
                        int at = i0;
                        float best = x[i0];
                        if (x[i1] > best) {
                            best = x[i1];
                            at = i1;
                        }
                        if (x[i2] > best) {
                            best = x[i2];
                            at = i2;
                        }
                        if (x[i3] > best) {
                            best = x[i3];
                            at = i3;
                        }
                        y[o] = best;
                        argmax[o] = at;
                    }
                }
            }
        });
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
