package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The counter-based dropout mask: its rate, its dependence on the seed only, and slices of it. */
class DropoutMaskTest {
    @Test
    void keepsOneMinusTheRateScaledUp() {
        for (float rate : new float[] {0.1f, 0.25f, 0.5f, 0.9f}) {
            DropoutMask mask = new DropoutMask(rate, 42);
            float[] ones = new float[200_003], out = new float[ones.length];
            Arrays.fill(ones, 1f);
            mask.applyAll(ones, out);
            int kept = 0;
            for (float v : out) {
                assertTrue(v == 0f || v == mask.scale(), "0 or the scale: " + v);
                kept += v == 0f ? 0 : 1;
            }
            double fraction = kept / (double) ones.length; // binomial: standard deviation below 0.0012
            assertEquals(1 - rate, fraction, 0.006, "rate " + rate);
            assertEquals(1 / (1 - rate), mask.scale(), 1e-6);
        }
        float[] x = {1f, -2f, 3f};
        new DropoutMask(0f, 1).apply(x, x, 0, 3);
        assertEquals(-2f, x[1], "rate 0 keeps everything as it is");
    }

    @Test
    void theMaskDependsOnTheSeedAndIndexOnly() {
        float[] ones = new float[10_000], a = new float[ones.length], b = new float[ones.length];
        Arrays.fill(ones, 1f);
        new DropoutMask(0.5f, 7).applyAll(ones, a);
        new DropoutMask(0.5f, 7).applyAll(ones, b);
        assertTrue(Arrays.equals(a, b), "same seed, same mask");
        new DropoutMask(0.5f, 8).applyAll(ones, b);
        assertTrue(!Arrays.equals(a, b), "another seed, another mask");
        new DropoutMask(0.5f, 7L << 32).applyAll(ones, b);
        assertTrue(!Arrays.equals(a, b), "the seed's high bits count too");
        float[] slice = new float[103];
        Arrays.fill(slice, 1f);
        new DropoutMask(0.5f, 7).applyShifted(slice, 3, 103, 4321 - 3);
        assertTrue(
                Arrays.equals(Arrays.copyOfRange(a, 4321, 4421), Arrays.copyOfRange(slice, 3, 103)),
                "a slice is masked as in the whole");
        for (int i = 0; i < 50; i++) {
            assertEquals(a[i], new DropoutMask(0.5f, 7).at(i));
        }
        int agree = 0; // neighbouring elements are independent, not correlated
        for (int i = 1; i < a.length; i++) {
            agree += a[i] == a[i - 1] ? 1 : 0;
        }
        assertEquals(0.5, agree / (double) a.length, 0.03);
        assertThrows(IllegalArgumentException.class, () -> new DropoutMask(1f, 1));
    }
}
