package dev.backprop.array.kernel;

/** Max and average pooling over NCHW planes; padding never wins a max and counts as zero in an average. */
public final class Pooling {
    private Pooling() {}

    /** Fills {@code y} with window maxima and {@code argmax} with the flat input index of each (the first on ties). */
    public static void maxForward(ConvGeometry g, float[] x, float[] y, int[] argmax) {
        int outH = g.outH(), outW = g.outW(), plane = g.height() * g.width();
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
