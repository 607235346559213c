package dev.backprop.array.kernel;

/**
 * Sums of strided runs of floats, accumulated in double. A unit-stride run goes through {@link VectorSums} when the JVM
 * has the Vector API (chosen once, as {@link ElementWise} chooses; {@code -Dbackprop.gemm=scalar} turns it off): a
 * float vector at a time widened to double lanes, the lanes added up in one fixed order. A run longer than {@link
 * #CHUNK} is summed in chunks of that length on all threads and the chunk sums then added in order, so the result
 * depends on the run alone, never on the number of threads or on who ran which chunk, and a seeded training run
 * repeats.
 */
public final class Sums {
    /** The sum of a unit-stride run. */
    interface Kernel {
        /** {@code a[off] + ... + a[off + n - 1]} in double. */
        double sum(float[] a, int off, int n);
    }

    /** Runs longer than this are split into chunks of this length (128 KB of floats, well inside a core's L2). */
    static final int CHUNK = 1 << 15;

    /** The Vector API loop, or null without the module. */
    private static final Kernel VECTOR = VectorKernels.load("VectorSums", Kernel.class);

    private Sums() {}

    /** {@code a[off] + a[off + stride] + ... } over {@code n} elements, in double. */
    public static double sum(float[] a, int off, int stride, int n) {
        return sum(VECTOR, a, off, stride, n);
    }

    /** {@link #sum} on the given vector loop, or on the scalar one when {@code vector} is null. */
    static double sum(Kernel vector, float[] a, int off, int stride, int n) {
        if (n <= CHUNK) {
            return run(vector, a, off, stride, n);
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks];
        Parallel.forRange(chunks, 1, (s, e) -> {
            for (int c = s; c < e; c++) {
                int from = c * CHUNK;
                partial[c] = run(vector, a, off + from * stride, stride, Math.min(CHUNK, n - from));
            }
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    private static double run(Kernel vector, float[] a, int off, int stride, int n) {
        if (stride == 1 && vector != null) {
            return vector.sum(a, off, n);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[off + i * stride];
        }
        return s;
    }
}
