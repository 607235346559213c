package dev.backprop.array.kernel;

/**
 * Max pooling whose windows tile the input (stride equal to the window, no padding or dilation), over an image that a
 * convolution wrote in <em>slab order</em>: for each channel, {@code q = kh*kw} slabs of {@code p} values, slab {@code
 * k = i*kw + j} holding element {@code (i, j)} of every window in reading order ({@link Im2col#unfoldTiled}). The
 * pool is then an element-wise maximum over {@code q} contiguous slabs, which vectorises, instead of a gather of
 * strided 2x2 blocks, which does not.
 *
 * <p>{@code where} records the slab of each maximum as a byte (the first on ties). A NaN in a window makes its maximum
 * NaN; which slab {@code where} then names is left open.
 * The kernel is chosen once, like {@link Gemm}'s: the Vector API one when the JVM has {@code jdk.incubator.vector},
 * else the portable loops below.
 */
public final class TiledPooling {
    /** The two passes of a tiled max pool over one image's {@code channels}. */
    interface Kernel {
        /** {@code y[yOff + c*p + t]} = max over k of {@code u[uOff + (c*q + k)*p + t]}; {@code where} its k. */
        void max(float[] u, int uOff, int channels, int q, int p, float[] y, int yOff, byte[] where);

        /**
         * {@code out[(c*q + k)*p + t]} = {@code d = g[gOff + c*p + t] * scale} if {@code where[wOff + c*p + t] == k}
         * and {@code gate[gOff + c*p + t] > 0} (no condition when {@code gate} is null), else 0; and {@code
         * channelSums[c] += } the sum of those {@code d} unless it is null.
         */
        void scatter(
                float[] g,
                int gOff,
                float[] gate,
                float scale,
                byte[] where,
                int wOff,
                int channels,
                int q,
                int p,
                float[] out,
                float[] channelSums);
    }

    private static final Kernel KERNEL = select();

    private TiledPooling() {}

    /** Whether {@code pool} is a window this class handles: tiles of at most 127 elements. */
    public static boolean tiles(ConvGeometry pool) {
        return pool.strideH() == pool.kernelH()
                && pool.strideW() == pool.kernelW()
                && pool.padH() == 0
                && pool.padW() == 0
                && pool.dilationH() == 1
                && pool.dilationW() == 1
                && pool.kernelH() * pool.kernelW() <= Byte.MAX_VALUE;
    }

    static void max(float[] u, int uOff, int channels, int q, int p, float[] y, int yOff, byte[] where) {
        KERNEL.max(u, uOff, channels, q, p, y, yOff, where);
    }

    static void scatter(
            float[] g,
            int gOff,
            float[] gate,
            float scale,
            byte[] where,
            int wOff,
            int channels,
            int q,
            int p,
            float[] out,
            float[] channelSums) {
        KERNEL.scatter(g, gOff, gate, scale, where, wOff, channels, q, p, out, channelSums);
    }

    private static Kernel select() {
        Kernel vector = VectorKernels.load("VectorTiledPooling", Kernel.class);
        return vector != null ? vector : new Scalar();
    }

    /** Portable loops; values compare as integers that sort like the floats (a NaN above all), so the selects need no branch. */
    static final class Scalar implements Kernel {
        @Override
        public void max(float[] u, int uOff, int channels, int q, int p, float[] y, int yOff, byte[] where) {
            for (int c = 0; c < channels; c++) {
                windows(u, uOff + c * q * p, q, p, 0, p, y, yOff + c * p, where);
            }
        }

        /** Windows {@code [from, to)} of one channel whose slabs start at {@code u[base]}. */
        static void windows(float[] u, int base, int q, int p, int from, int to, float[] y, int o, byte[] where) {
            for (int t = from; t < to; t++) {
                int best = Pooling.orderedBits(u[base + t]), at = 0;
                for (int k = 1; k < q; k++) {
                    int v = Pooling.orderedBits(u[base + k * p + t]);
                    at = v > best ? k : at;
                    best = Math.max(best, v);
                }
                y[o + t] = u[base + at * p + t];
                where[o + t] = (byte) at;
            }
        }

        @Override
        public void scatter(
                float[] g,
                int gOff,
                float[] gate,
                float scale,
                byte[] where,
                int wOff,
                int channels,
                int q,
                int p,
                float[] out,
                float[] channelSums) {
            for (int c = 0; c < channels; c++) {
                float sum = spread(g, gOff + c * p, gate, scale, where, wOff + c * p, q, p, 0, p, out, c * q * p);
                if (channelSums != null) {
                    channelSums[c] += sum;
                }
            }
        }

        /**
         * Windows {@code [from, to)} of one channel whose gradient starts at {@code g[src]}, its slabs at {@code
         * out[dst]}; returns the sum of the gradients passed on.
         */
        static float spread(
                float[] g,
                int src,
                float[] gate,
                float scale,
                byte[] where,
                int at,
                int q,
                int p,
                int from,
                int to,
                float[] out,
                int dst) {
            float sum = 0;
            for (int t = from; t < to; t++) {
                float d = gate == null || gate[src + t] > 0 ? g[src + t] * scale : 0f;
                sum += d;
                for (int k = 0; k < q; k++) {
                    out[dst + k * p + t] = where[at + t] == k ? d : 0f;
                }
            }
            return sum;
        }
    }
}
