package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Both matmul kernels against a plain triple loop on odd sizes, transposed (strided) operands and accumulation. */
class GemmKernelTest {
    static final int[] SIZES = {1, 3, 17, 129, 300};

    static float[] random(int n, SplittableRandom rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }

    static List<Gemm.Kernel> kernels() {
        return List.of(new Gemm.Scalar(), new VectorGemm());
    }

    @Test
    void vectorKernelIsTheOneInUse() {
        assertTrue(Gemm.kernel().startsWith("Vector API"), Gemm.kernel()); // the tests run with the module added
    }

    @Test
    void theKernelForNarrowerVectorsMatchesATripleLoopToo() throws Exception {
        // a JVM limited to AVX2 (256-bit vectors, 16 registers) picks the 4-row micro-kernel
        Process child = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-XX:UseAVX=2",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        System.getProperty("java.class.path"),
                        NarrowVectorGemmCheck.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        assertTrue(output.contains("256-bit (8 floats), micro-kernel 4x16"), output);
    }

    @Test
    void kernelsMatchATripleLoop() {
        SplittableRandom rng = new SplittableRandom(3);
        for (Gemm.Kernel kernel : kernels()) {
            for (int m : SIZES) {
                for (int n : SIZES) {
                    for (int k : new int[] {1, 17, 257, 600}) {
                        for (boolean transA : new boolean[] {false, true}) {
                            for (boolean transB : new boolean[] {false, true}) {
                                check(kernel, m, n, k, transA, transB, rng);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void dotProductShapesMatchATripleLoop() { // A B^T with few outputs: a convolution's weight gradient per image
        SplittableRandom rng = new SplittableRandom(5);
        for (int[] mnk : new int[][] {{32, 9, 676}, {9, 32, 676}, {6, 4, 64}, {5, 7, 1000}, {4, 16, 65}}) {
            for (Gemm.Kernel kernel : kernels()) {
                check(kernel, mnk[0], mnk[1], mnk[2], false, true, rng);
            }
        }
    }

    @Test
    void eachWayOfSplittingAcrossThreadsMatchesATripleLoop() {
        SplittableRandom rng = new SplittableRandom(6);
        // a long sum (split over k), many columns (split over columns), many rows (split over rows): a dense layer's
        // forward, input-gradient and weight-gradient products on a batch of 128, and odd sizes
        int[][] shapes = {{128, 128, 5408}, {17, 129, 600}, {128, 5408, 128}, {3, 300, 600}, {5408, 128, 128}};
        for (int[] mnk : shapes) {
            for (boolean transB : new boolean[] {false, true}) {
                check(new VectorGemm(), mnk[0], mnk[1], mnk[2], false, transB, rng);
            }
        }
    }

    static void check(Gemm.Kernel kernel, int m, int n, int k, boolean transA, boolean transB, SplittableRandom rng) {
        check(kernel, m, n, k, transA, transB, true, rng);
        check(kernel, m, n, k, transA, transB, false, rng);
    }

    /** {@code C += A B}, or {@code C = A B} over a C full of NaN (never to be read) unless {@code accumulate}. */
    static void check(
            Gemm.Kernel kernel,
            int m,
            int n,
            int k,
            boolean transA,
            boolean transB,
            boolean accumulate,
            SplittableRandom rng) {
        int pad = 3; // operands start at an offset, as views do
        float[] a = random(pad + m * k, rng), b = random(pad + k * n, rng);
        int aRow = transA ? 1 : k, aCol = transA ? m : 1, bRow = transB ? 1 : n, bCol = transB ? k : 1;
        int ldc = n + 2;
        float[] c = random(pad + m * ldc, rng);
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, pad + i * ldc, pad + i * ldc + n, Float.NaN);
            }
        }
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? expected[pad + i * ldc + j] : 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[pad + i * aRow + p * aCol] * b[pad + p * bRow + j * bCol];
                }
                expected[pad + i * ldc + j] = (float) s;
            }
        }
        kernel.multiply(
                m, n, k, new Operand(a, pad, aRow, aCol), new Operand(b, pad, bRow, bCol), c, pad, ldc, accumulate);
        for (int i = 0; i < c.length; i++) {
            assertEquals(
                    expected[i],
                    c[i],
                    1e-3 * Math.max(1, Math.sqrt(k)),
                    kernel.describe() + " " + m + "x" + n + "x" + k + " transA " + transA + " transB " + transB
                            + (accumulate ? " C += A B" : " C = A B") + " at " + i);
        }
    }
}
