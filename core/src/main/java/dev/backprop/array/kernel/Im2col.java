package dev.backprop.array.kernel;

/**
 * Unfolds one image into a column matrix so a convolution becomes a matrix product, and folds gradients back.
 * {@code cols[(c*kh + i)*kw + j][oh*outW + ow] = x[c][oh*sh - ph + i*dh][ow*sw - pw + j*dw]}, 0 in the padding.
 */
public final class Im2col {
    /** The slab-ordered unfold and fold written on the Vector API, for the geometries it {@link #handles}. */
    interface TiledKernel {
        boolean handles(ConvGeometry g, int tileW);

        void unfold(ConvGeometry g, int tileH, float[] x, int xOff, float[] cols, int colsOff);

        void fold(ConvGeometry g, int tileH, float[] cols, int colsOff, float[] gradX, int xOff);
    }

    private static final TiledKernel VECTOR = VectorKernels.load("VectorIm2col", TiledKernel.class);

    private Im2col() {}

    /** Unfolds image {@code x[xOff ...]} of {@code g.channels()} planes into {@code cols[colsOff ...]}. */
    public static void unfold(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff) {
        int outH = g.outH(), outW = g.outW(), plane = g.height() * g.width(), l = outH * outW;
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            int xc = xOff + c * plane;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++, row++) {
                    int dst = colsOff + row * l;
                    int dx = j * g.dilationW() - g.padW();
                    for (int oh = 0; oh < outH; oh++) {
                        int h = oh * g.strideH() - g.padH() + i * g.dilationH();
                        int d = dst + oh * outW;
                        if (h < 0 || h >= g.height()) {
                            java.util.Arrays.fill(cols, d, d + outW, 0f);
                            continue;
                        }
                        int src = xc + h * g.width();
                        if (g.strideW() == 1) { // a shifted copy of one input row, zeros at the edges
                            int lo = Math.max(0, -dx), hi = Math.min(outW, g.width() - dx);
                            java.util.Arrays.fill(cols, d, d + Math.min(lo, outW), 0f);
                            if (hi > lo) {
                                System.arraycopy(x, src + lo + dx, cols, d + lo, hi - lo);
                            }
                            java.util.Arrays.fill(cols, d + Math.max(lo, hi), d + outW, 0f);
                        } else {
                            for (int ow = 0; ow < outW; ow++) {
                                int w = ow * g.strideW() + dx;
                                cols[d + ow] = w >= 0 && w < g.width() ? x[src + w] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds the columns back onto image {@code gradX[xOff ...]}: the transpose of {@link #unfold}. */
    public static void fold(ConvGeometry g, float[] cols, int colsOff, float[] gradX, int xOff) {
        int outH = g.outH(), outW = g.outW(), plane = g.height() * g.width(), l = outH * outW;
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            int xc = xOff + c * plane;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++, row++) {
                    int src = colsOff + row * l;
                    int dx = j * g.dilationW() - g.padW();
                    for (int oh = 0; oh < outH; oh++) {
                        int h = oh * g.strideH() - g.padH() + i * g.dilationH();
                        if (h < 0 || h >= g.height()) {
                            continue;
                        }
                        int s = src + oh * outW, dst = xc + h * g.width();
                        for (int ow = 0; ow < outW; ow++) {
                            int w = ow * g.strideW() + dx;
                            if (w >= 0 && w < g.width()) {
                                gradX[dst + w] += cols[s + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * As {@link #unfold}, but only the output positions that {@code tileH x tileW} windows tiling the output cover, in
     * slab order: column {@code (i*tileW + j)*P + r*tilesW + s} holds output position {@code (r*tileH + i, s*tileW +
     * j)}, where {@code P = tilesH * tilesW} (see {@link TiledPooling}). Rows and columns past the last whole tile are
     * left out.
     */
    public static void unfoldTiled(
            ConvGeometry g, int tileH, int tileW, float[] x, int xOff, float[] cols, int colsOff) {
        if (VECTOR != null && VECTOR.handles(g, tileW)) {
            VECTOR.unfold(g, tileH, x, xOff, cols, colsOff);
        } else {
            scalarUnfoldTiled(g, tileH, tileW, x, xOff, cols, colsOff);
        }
    }

    /** {@link #unfoldTiled} in plain loops, for any geometry. */
    static void scalarUnfoldTiled(
            ConvGeometry g, int tileH, int tileW, float[] x, int xOff, float[] cols, int colsOff) {
        int tilesH = g.outH() / tileH, tilesW = g.outW() / tileW, p = tilesH * tilesW, span = tileH * tileW * p;
        int width = g.width(), plane = g.height() * width, row = 0;
        for (int c = 0; c < g.channels(); c++) {
            int xc = xOff + c * plane;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int dx = kj * g.dilationW() - g.padW();
                    for (int i = 0; i < tileH; i++) {
                        for (int j = 0; j < tileW; j++) {
                            int d = colsOff + row * span + (i * tileW + j) * p;
                            // the columns inside the image are the same in every row of tiles: found once, as
                            // their two divisions per row had cost as much as the copying
                            int step = tileW * g.strideW(), w0 = j * g.strideW() + dx;
                            int lo = firstInside(w0, step, tilesW),
                                    hi = Math.max(lo, endInside(w0, step, tilesW, width));
                            for (int r = 0; r < tilesH; r++, d += tilesW) {
                                int h = (r * tileH + i) * g.strideH() - g.padH() + ki * g.dilationH();
                                if (h < 0 || h >= g.height()) {
                                    java.util.Arrays.fill(cols, d, d + tilesW, 0f);
                                    continue;
                                }
                                if (lo > 0) {
                                    java.util.Arrays.fill(cols, d, d + lo, 0f);
                                }
                                for (int s = lo, at = xc + h * width + w0 + lo * step; s < hi; s++, at += step) {
                                    cols[d + s] = x[at];
                                }
                                if (hi < tilesW) {
                                    java.util.Arrays.fill(cols, d + hi, d + tilesW, 0f);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds slab-ordered columns back onto image {@code gradX[xOff ...]}: the transpose of {@link #unfoldTiled}. */
    public static void foldTiled(
            ConvGeometry g, int tileH, int tileW, float[] cols, int colsOff, float[] gradX, int xOff) {
        if (VECTOR != null && VECTOR.handles(g, tileW)) {
            VECTOR.fold(g, tileH, cols, colsOff, gradX, xOff);
        } else {
            scalarFoldTiled(g, tileH, tileW, cols, colsOff, gradX, xOff);
        }
    }

    /** {@link #foldTiled} in plain loops, for any geometry. */
    static void scalarFoldTiled(
            ConvGeometry g, int tileH, int tileW, float[] cols, int colsOff, float[] gradX, int xOff) {
        int tilesH = g.outH() / tileH, tilesW = g.outW() / tileW, p = tilesH * tilesW, span = tileH * tileW * p;
        int width = g.width(), plane = g.height() * width, row = 0;
        for (int c = 0; c < g.channels(); c++) {
            int xc = xOff + c * plane;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int dx = kj * g.dilationW() - g.padW();
                    for (int i = 0; i < tileH; i++) {
                        for (int j = 0; j < tileW; j++) {
                            int d = colsOff + row * span + (i * tileW + j) * p;
                            int step = tileW * g.strideW(), w0 = j * g.strideW() + dx; // as in unfoldTiled
                            int lo = firstInside(w0, step, tilesW), hi = endInside(w0, step, tilesW, width);
                            for (int r = 0; r < tilesH; r++, d += tilesW) {
                                int h = (r * tileH + i) * g.strideH() - g.padH() + ki * g.dilationH();
                                if (h < 0 || h >= g.height()) {
                                    continue;
                                }
                                for (int s = lo, at = xc + h * width + w0 + lo * step; s < hi; s++, at += step) {
                                    gradX[at] += cols[d + s];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The first {@code s < count} with {@code w0 + s*step >= 0} (count if none). */
    private static int firstInside(int w0, int step, int count) {
        return w0 >= 0 ? 0 : Math.min(count, (-w0 + step - 1) / step);
    }

    /** One past the last {@code s < count} with {@code w0 + s*step < width}. */
    private static int endInside(int w0, int step, int count, int width) {
        return w0 >= width ? 0 : Math.min(count, (width - 1 - w0) / step + 1);
    }
}
