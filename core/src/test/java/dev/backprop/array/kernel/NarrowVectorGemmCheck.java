package dev.backprop.array.kernel;

import java.util.SplittableRandom;

/**
 * The vector GEMM checked against the triple loop in a JVM of its own, started by {@link GemmKernelTest} with {@code
 * -XX:UseAVX=2} so that the kernel for 256-bit vectors runs on an AVX-512 machine too. Prints the kernel it used;
 * a mismatch ends it with an AssertionError. The Vector API's slab-ordered unfold and fold are checked there too.
 */
final class NarrowVectorGemmCheck {
    private NarrowVectorGemmCheck() {}

    public static void main(String[] args) {
        VectorGemm kernel = new VectorGemm();
        SplittableRandom rng = new SplittableRandom(7);
        int[][] shapes = {{1, 1, 1}, {3, 17, 257}, {17, 129, 600}, {129, 3, 17}, {64, 300, 40}, {300, 64, 300}};
        for (int[] mnk : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    GemmKernelTest.check(kernel, mnk[0], mnk[1], mnk[2], transA, transB, rng);
                }
            }
        }
        VectorIm2colTest im2col = new VectorIm2colTest(); // the slab-ordered unfold's masks and permutes at 8 lanes
        im2col.unfoldGivesTheScalarLoopsColumns();
        im2col.foldAddsWhatTheScalarLoopsAddInTheSameOrder();
        System.out.println(kernel.describe());
    }
}
