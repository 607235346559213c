package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath} against {@code Math} in double precision, in units in the last place of the float result, over
 * each function's range and at its special values; and the bits the same whether the JIT compiled the loops or not.
 */
class VectorMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int SAMPLES = 1 << 18;

    @Test
    void expIsWithinOneUlpFromUnderflowToOverflow() {
        SplittableRandom rng = new SplittableRandom(1);
        assertWithin(1, VectorMath::exp, Math::exp, n -> (float) (rng.nextDouble() * 193 - 104));
        assertWithin(1, VectorMath::exp, Math::exp, n -> (float) (rng.nextDouble() * 2 - 1));
    }

    @Test
    void logIsWithinOneUlpForEveryPositiveFloat() {
        SplittableRandom rng = new SplittableRandom(2);
        assertWithin(1, VectorMath::log, Math::log, n -> Float.intBitsToFloat(1 + rng.nextInt(0x7f7fffff)));
        assertWithin(1, VectorMath::log, Math::log, n -> (float) (0.5 + rng.nextDouble()));
    }

    @Test
    void tanhIsWithinOneUlpOnBothSidesOfItsTwoForms() {
        SplittableRandom rng = new SplittableRandom(3);
        assertWithin(1, VectorMath::tanh, Math::tanh, n -> (float) (rng.nextDouble() * 40 - 20));
        assertWithin(1, VectorMath::tanh, Math::tanh, n -> (float) (rng.nextDouble() * 1.5 - 0.75));
        assertWithin(1, VectorMath::tanh, Math::tanh, n -> (float) (rng.nextDouble() * 2e-4 - 1e-4));
    }

    @Test
    void log1pIsWithinTwoUlpAndKeepsTinyArguments() {
        SplittableRandom rng = new SplittableRandom(4);
        assertWithin(2, VectorMath::log1pNonNegative, Math::log1p, n -> (float) rng.nextDouble());
        assertWithin(2, VectorMath::log1pNonNegative, Math::log1p, n -> (float) (rng.nextDouble() * 1e-6));
    }

    @Test
    void geluIsWithinEightUlpOfItsDoubleForm() {
        SplittableRandom rng = new SplittableRandom(5);
        UnaryOperator<FloatVector> gelu = v -> VectorMath.geluFinish(v, VectorMath.geluScale(v));
        DoubleUnaryOperator reference = x -> UnaryFn.GELU.apply((float) x);
        assertWithin(8, gelu, reference, n -> (float) (rng.nextDouble() * 30 - 15)); // to where Phi(x) underflows
        assertWithin(8, gelu, reference, n -> (float) (rng.nextDouble() * 4 - 2)); // both forms of Phi, and their seam
        assertWithin(8, gelu, reference, n -> (float) (rng.nextDouble() * 2e-3 - 1e-3));
    }

    @Test
    void geluDerivativeIsWithin2e7OfItsDoubleForm() {
        SplittableRandom rng = new SplittableRandom(6);
        float[] x = new float[SAMPLES], y = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = (float) (rng.nextDouble() * 32 - 16);
        }
        for (int i = 0; i < SAMPLES; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            VectorMath.geluDerivativeFinish(v, VectorMath.geluScale(v)).intoArray(y, i);
        }
        for (int i = 0; i < SAMPLES; i++) {
            float expected = UnaryFn.GELU_DERIVATIVE.apply(x[i]);
            assertEquals(expected, y[i], 2e-7f, "at " + x[i]); // the derivative lies in [-0.17, 1.13]
        }
    }

    @Test
    void specialValuesFollowMath() {
        float[] x = {
            Float.NaN,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            0f,
            -0f,
            Float.MIN_VALUE,
            -1f,
            88.8f,
            -104f,
            -100f,
            88.7f,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            1e-30f,
            -1e-30f,
            0.625f
        };
        assertSpecial(x, VectorMath::exp, Math::exp, 1);
        assertSpecial(x, VectorMath::log, Math::log, 1);
        assertSpecial(x, VectorMath::tanh, Math::tanh, 1);
        assertSpecial(x, v -> VectorMath.geluFinish(v, VectorMath.geluScale(v)), v -> UnaryFn.GELU.apply((float) v), 8);
    }

    @Test
    void givesTheSameBitsInterpretedAsCompiled() throws Exception {
        for (int i = 0; i < 3000; i++) { // enough calls for C2 to compile the loops
            ElementWiseBitsCheck.hashes();
        }
        String compiled = ElementWiseBitsCheck.hashes();
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xint",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ElementWiseBitsCheck.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        String interpreted = output.lines()
                .filter(l -> l.startsWith("EXP="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no hashes from the child JVM: " + output));
        assertEquals(interpreted, compiled, "the JIT changed the results of the element-wise math");
    }

    private static void assertWithin(
            int ulps, UnaryOperator<FloatVector> f, DoubleUnaryOperator reference, IntToFloat input) {
        float[] x = new float[SAMPLES], y = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = input.at(i);
        }
        for (int i = 0; i < SAMPLES; i += S.length()) {
            f.apply(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        for (int i = 0; i < SAMPLES; i++) {
            assertClose(x[i], (float) reference.applyAsDouble(x[i]), y[i], ulps);
        }
    }

    private static void assertSpecial(
            float[] x, UnaryOperator<FloatVector> f, DoubleUnaryOperator reference, int ulps) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += S.length()) {
            f.apply(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        for (int i = 0; i < x.length; i++) {
            assertClose(x[i], (float) reference.applyAsDouble(x[i]), y[i], ulps);
        }
    }

    /** NaN, infinities and zeros exactly (with their sign), the rest within {@code ulps} of the expected float. */
    private static void assertClose(float x, float expected, float actual, int ulps) {
        if (Float.isNaN(expected) || Float.isInfinite(expected) || expected == 0f) {
            assertEquals(expected, actual, "at " + x); // assertEquals on floats tells 0 from -0 and matches NaN
            return;
        }
        float error = Math.abs(expected - actual) / Math.ulp(expected);
        assertTrue(error <= ulps, "at " + x + ": expected " + expected + " but was " + actual + ", " + error + " ulp");
    }

    @FunctionalInterface
    private interface IntToFloat {
        float at(int i);
    }
}
