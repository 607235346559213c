package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 2x2 fast path of max pooling against a plain reference: first maximum in reading order, NaN wins. */
class PoolingTest {
    @ParameterizedTest(name = "{0}x{1} planes of {2}x{3}")
    @CsvSource({"1, 1, 2, 2", "1, 3, 3, 3", "2, 3, 17, 5", "3, 2, 26, 26", "1, 1, 129, 4"})
    void twoByTwoMatchesTheReference(int batch, int channels, int height, int width) {
        SplittableRandom rng = new SplittableRandom(height * 31L + width);
        float[] x = new float[batch * channels * height * width];
        for (int i = 0; i < x.length; i++) { // ReLU-like data: many ties at zero, both zeros, negatives
            double u = rng.nextDouble();
            x[i] = u < 0.4 ? 0f : u < 0.45 ? -0f : u < 0.6 ? (float) -rng.nextDouble() : (float) rng.nextDouble();
        }
        x[x.length / 2] = Float.NaN;
        x[x.length - 1] = Float.intBitsToFloat(0xffc00000); // the NaN x86 arithmetic makes, with its sign bit set
        ConvGeometry g = new ConvGeometry(batch, channels, height, width, 2, 2, 2, 2, 0, 0, 1, 1);
        float[] y = new float[batch * channels * g.outPlane()];
        int[] argmax = new int[y.length];
        Pooling.maxForward(g, x, y, argmax);
        int o = 0;
        for (int p = 0; p < batch * channels; p++) {
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++, o++) {
                    int at = -1;
                    for (int i = 0; i < 2; i++) {
                        for (int j = 0; j < 2; j++) {
                            int k = (p * height + 2 * oh + i) * width + 2 * ow + j;
                            boolean nanSoFar = at >= 0 && Float.isNaN(x[at]);
                            if (at < 0 || !nanSoFar && (Float.isNaN(x[k]) || x[k] > x[at])) {
                                at = k;
                            }
                        }
                    }
                    assertEquals(at, argmax[o], "window " + o);
                    assertEquals(Float.floatToRawIntBits(x[at]), Float.floatToRawIntBits(y[o]), "window " + o);
                }
            }
        }
        float[] gradX = new float[x.length], gradY = new float[y.length];
        java.util.Arrays.fill(gradY, 1f);
        Pooling.maxBackward(g, gradY, argmax, gradX);
        float[] expected = new float[x.length];
        for (int a : argmax) {
            expected[a] += 1f;
        }
        assertArrayEquals(expected, gradX);
    }
}
