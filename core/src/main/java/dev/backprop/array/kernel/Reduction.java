package dev.backprop.array.kernel;

/**
 * Sums and extrema of strided runs of floats. A unit-stride run goes through {@link VectorReduction} when the JVM has
 * the Vector API (chosen once, as {@link ElementWise} chooses; {@code -Dbackprop.gemm=scalar} turns it off).
 *
 * <p>Sums accumulate in double. A run longer than {@link #CHUNK} is summed in chunks of that length on all threads and
 * the chunk sums then added in order, so a sum depends on the run alone, never on the number of threads or on who ran
 * which chunk, and a seeded training run repeats.
 *
 * <p>An extremum follows the rule of {@code NdArray.extremum}, which also reports where it is: a NaN if the run holds
 * one, else the largest (or smallest) value, the first one among equals, which only matters for 0 and -0.
 */
public final class Reduction {
    /** Unit-stride loops. */
    interface Kernel {
        /** {@code a[off] + ... + a[off + n - 1]} in double. */
        double sum(float[] a, int off, int n);

        /** The max (or min) of {@code n > 0} elements by {@code Math.max} (or {@code min}): NaN wins, 0 is above -0. */
        float extremum(float[] a, int off, int n, boolean min);
    }

    /** Runs longer than this are split into chunks of this length (128 KB of floats, well inside a core's L2). */
    static final int CHUNK = 1 << 15;

    /** The Vector API loops, or null without the module. */
    private static final Kernel VECTOR = VectorKernels.load("VectorReduction", Kernel.class);

    private Reduction() {}

    /** {@code a[off] + a[off + stride] + ... } over {@code n} elements, in double. */
    public static double sum(float[] a, int off, int stride, int n) {
        return sum(VECTOR, a, off, stride, n);
    }

    /** {@link #sum} on the given vector loop, or on the scalar one when {@code vector} is null. */
    static double sum(Kernel vector, float[] a, int off, int stride, int n) {
        if (n <= CHUNK) {
            return sumRun(vector, a, off, stride, n);
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks];
        Parallel.forRange(chunks, 1, (s, e) -> {
            for (int c = s; c < e; c++) {
                int from = c * CHUNK;
                partial[c] = sumRun(vector, a, off + from * stride, stride, Math.min(CHUNK, n - from));
            }
        });
        double total = 0; // in chunk order
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    private static double sumRun(Kernel vector, float[] a, int off, int stride, int n) {
        if (stride == 1 && vector != null) {
            return vector.sum(a, off, n);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[off + i * stride];
        }
        return s;
    }

    /** The max (or min, when {@code min}) of {@code n > 0} elements, by the rule in the class comment. */
    public static float extremum(float[] a, int off, int stride, int n, boolean min) {
        return extremum(VECTOR, a, off, stride, n, min);
    }

    /** {@link #extremum} on the given vector loop, or on the scalar one when {@code vector} is null. */
    static float extremum(Kernel vector, float[] a, int off, int stride, int n, boolean min) {
        if (n <= 0) {
            throw new IllegalArgumentException("extremum of an empty run");
        }
        if (n <= CHUNK) {
            return extremumRun(vector, a, off, stride, n, min);
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        float[] partial = new float[chunks];
        Parallel.forRange(chunks, 1, (s, e) -> {
            for (int c = s; c < e; c++) {
                int from = c * CHUNK;
                partial[c] = extremumRun(vector, a, off + from * stride, stride, Math.min(CHUNK, n - from), min);
            }
        });
        float m = partial[0];
        for (int c = 1; c < chunks; c++) {
            m = combine(m, partial[c], min);
        }
        return m;
    }

    private static float extremumRun(Kernel vector, float[] a, int off, int stride, int n, boolean min) {
        if (stride == 1 && vector != null) {
            float m = vector.extremum(a, off, n, min);
            if (Float.isNaN(m)) {
                return Float.NaN;
            }
            if (m != 0f) {
                return m; // one value, whatever the order; only for 0 and -0 does the first one matter
            }
        }
        float m = a[off];
        for (int i = 1; i < n && !Float.isNaN(m); i++) {
            float v = a[off + i * stride];
            if (Float.isNaN(v) || (min ? v < m : v > m)) {
                m = v;
            }
        }
        return Float.isNaN(m) ? Float.NaN : m;
    }

    /**
     * {@code a} and {@code b} combined by the rule in the class comment, {@code a} coming first: the extremum of a run
     * from those of its parts, in order.
     */
    public static float combine(float a, float b, boolean min) {
        if (Float.isNaN(a)) {
            return a;
        }
        return Float.isNaN(b) || (min ? b < a : b > a) ? b : a;
    }
}
