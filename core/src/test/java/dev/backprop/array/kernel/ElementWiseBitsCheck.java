package dev.backprop.array.kernel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Prints one hash per function of the vector kernels' results (the element-wise functions and the sums) on fixed
 * inputs. {@link VectorMathTest} runs it in a JVM that only interprets ({@code -Xint}, where the Vector API computes
 * lane by lane in Java) and compares the hashes with those of its own JIT-compiled loops.
 */
final class ElementWiseBitsCheck {
    static final UnaryFn[] FUNCTIONS = {
        UnaryFn.EXP, UnaryFn.LOG, UnaryFn.TANH, UnaryFn.SIGMOID, UnaryFn.SOFTPLUS, UnaryFn.GELU, UnaryFn.GELU_DERIVATIVE
    };

    private ElementWiseBitsCheck() {}

    public static void main(String[] args) {
        System.out.println(hashes());
    }

    /** "EXP=..., LOG=..." for {@link #inputs()}. */
    static String hashes() {
        VectorElementWise kernel = new VectorElementWise();
        float[] x = inputs(), out = new float[x.length];
        StringBuilder s = new StringBuilder();
        for (UnaryFn fn : FUNCTIONS) {
            kernel.unary(fn, x, 0, out, 0, x.length);
            int[] bits = new int[out.length];
            for (int i = 0; i < out.length; i++) {
                bits[i] = Float.floatToIntBits(out[i]); // every NaN as one: x86 and Java pick different NaN bits
            }
            s.append(fn).append('=').append(Arrays.hashCode(bits)).append(' ');
        }
        VectorReduction sums =
                new VectorReduction(); // and the double sums of runs of every length up to 200, at two offsets
        long[] sumBits = new long[400];
        for (int n = 0; n < 200; n++) {
            sumBits[2 * n] = Double.doubleToLongBits(sums.sum(x, 7, n));
            sumBits[2 * n + 1] = Double.doubleToLongBits(sums.sum(x, 3000, 1000 - 5 * n));
        }
        s.append("SUM=").append(Arrays.hashCode(sumBits));
        return s.toString().strip();
    }

    /** 4099 values over exp's whole range, with both signs, tiny ones and the special values. */
    static float[] inputs() {
        SplittableRandom rng = new SplittableRandom(11);
        float[] x = new float[4099];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 4) {
                case 0 -> (float) (rng.nextDouble() * 200 - 105);
                case 1 -> (float) (rng.nextDouble() * 8 - 4);
                case 2 -> Float.intBitsToFloat(rng.nextInt(0x7f800000)); // any positive float
                default -> (float) (rng.nextDouble() * 1e-3);
            };
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE};
        System.arraycopy(special, 0, x, 100, special.length);
        return x;
    }
}
