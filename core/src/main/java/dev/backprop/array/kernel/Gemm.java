package dev.backprop.array.kernel;

/**
 * Single-precision matrix multiply {@code C (+)= A B} on strided operands, so transposed views need no copy.
 *
 * <p>A is {@code m x k} with element {@code (i, p)} at {@code a[aOff + i*aRow + p*aCol]}; B is {@code k x n} likewise;
 * C is row-major with leading dimension {@code ldc}. The kernel is chosen once, at start-up, as Lucene does: the
 * register-blocked {@link VectorGemm} when the JVM runs with {@code --add-modules jdk.incubator.vector}, else the
 * portable loops below (B packed into {@code KC x NC} panels, four rank-1 updates per pass over a row of C). One log
 * line says which; {@code -Dbackprop.gemm=scalar} forces the fallback.
 */
public final class Gemm {
    /** A matrix-multiply kernel: {@code C += A B}. */
    interface Kernel {
        /**
         * {@code C += A B}, or {@code C = A B} unless {@code accumulate} (C's old values never read: it may hold
         * anything), for {@code A (m x k)}, {@code B (k x n)} with {@code k >= 1} and row-major {@code C} at {@code cOff}.
         */
        void multiply(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc, boolean accumulate);

        String describe();
    }

    static final int KC = 256;
    static final int NC = 512;
    private static final long PARALLEL_FLOPS = 1L << 18;
    private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[KC * NC]);
    private static final Kernel KERNEL = select();

    private Gemm() {}

    /**
     * {@code C = A B}, or {@code C += A B} when {@code accumulate}, for {@code A (m x k)}, {@code B (k x n)} and C
     * row-major with leading dimension {@code ldc} from {@code cOff}.
     */
    public static void gemm(
            int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                zero(m, n, c, cOff, ldc);
            }
            return;
        }
        KERNEL.multiply(m, n, k, a, b, c, cOff, ldc, accumulate);
    }

    /** Sets the {@code m x n} block of C at {@code cOff} to 0. */
    static void zero(int m, int n, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
    }

    /** Which kernel is in use, e.g. "Vector API, 512-bit (16 floats), micro-kernel 8x32". */
    public static String kernel() {
        return KERNEL.describe();
    }

    private static Kernel select() {
        Kernel vector = VectorKernels.load("VectorGemm", Kernel.class);
        Kernel chosen = vector != null ? vector : new Scalar();
        boolean vectorModule =
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        System.getLogger("dev.backprop")
                .log(
                        System.Logger.Level.INFO,
                        "matmul kernel: " + chosen.describe()
                                + (vectorModule
                                        ? ""
                                        : " (run the JVM with --add-modules jdk.incubator.vector for the vector kernel)"));
        return chosen;
    }

    /** The portable kernel: no Vector API, loops the JIT vectorises. */
    static final class Scalar implements Kernel {
        @Override
        public String describe() {
            return "scalar loops (no Vector API)";
        }

        @Override
        public void multiply(
                int m, int n, int k, Operand aOp, Operand bOp, float[] c, int cOff, int ldc, boolean accumulate) {
            if (!accumulate) {
                zero(m, n, c, cOff, ldc);
            }
            float[] a = aOp.data(), b = bOp.data();
            int aOff = aOp.offset(), aRow = aOp.rowStride(), aCol = aOp.colStride();
            int bOff = bOp.offset(), bRow = bOp.rowStride(), bCol = bOp.colStride();
            float[] panel = PANEL.get();
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    pack(b, bOff + pc * bRow + jc * bCol, bRow, bCol, kc, nc, panel);
                    int j0 = jc, p0 = pc;
                    long flops = 2L * m * nc * kc;
                    int grain = flops < PARALLEL_FLOPS ? m : Math.max(4, m / Parallel.threads());
                    Parallel.forRange(
                            m,
                            grain,
                            (start, end) -> rows(
                                    start, end, nc, kc, a, aOff + p0 * aCol, aRow, aCol, panel, c, cOff + j0, ldc));
                }
            }
        }

        private static void pack(float[] b, int off, int row, int col, int kc, int nc, float[] panel) {
            for (int p = 0; p < kc; p++) {
                int src = off + p * row, dst = p * nc;
                if (col == 1) {
                    System.arraycopy(b, src, panel, dst, nc);
                } else {
                    for (int j = 0; j < nc; j++) {
                        panel[dst + j] = b[src + j * col];
                    }
                }
            }
        }

        /** Rows {@code [start, end)} of C against one packed panel, four rank-1 updates per pass over a C row. */
        private static void rows(
                int start,
                int end,
                int nc,
                int kc,
                float[] a,
                int aOff,
                int aRow,
                int aCol,
                float[] panel,
                float[] c,
                int cOff,
                int ldc) {
            for (int i = start; i < end; i++) {
                int ai = aOff + i * aRow, ci = cOff + i * ldc;
                int p = 0;
                for (; p + 3 < kc; p += 4) {
                    float x0 = a[ai + p * aCol], x1 = a[ai + (p + 1) * aCol];
                    float x2 = a[ai + (p + 2) * aCol], x3 = a[ai + (p + 3) * aCol];
                    int b0 = p * nc, b1 = b0 + nc, b2 = b1 + nc, b3 = b2 + nc;
                    for (int j = 0; j < nc; j++) {
                        c[ci + j] += x0 * panel[b0 + j] + x1 * panel[b1 + j] + x2 * panel[b2 + j] + x3 * panel[b3 + j];
                    }
                }
                for (; p < kc; p++) {
                    float x = a[ai + p * aCol];
                    int b0 = p * nc;
                    for (int j = 0; j < nc; j++) {
                        c[ci + j] += x * panel[b0 + j];
                    }
                }
            }
        }
    }
}
