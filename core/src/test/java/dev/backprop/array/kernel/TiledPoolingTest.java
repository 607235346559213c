package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tiled max pooling (both kernels) against a plain reference, and the slab-ordered unfolding it relies on against
 * {@link Im2col#unfold}.
 */
class TiledPoolingTest {
    private static final List<TiledPooling.Kernel> KERNELS =
            List.of(new TiledPooling.Scalar(), new VectorTiledPooling());

    @ParameterizedTest(name = "{0} channels, {1} slabs of {2}")
    @CsvSource({"1, 4, 1", "2, 4, 3", "3, 4, 17", "2, 9, 33", "32, 4, 169", "1, 2, 129"})
    void maxAndScatterMatchTheReference(int channels, int q, int p) {
        SplittableRandom rng = new SplittableRandom(channels * 1000L + q * 100L + p);
        float[] u = new float[channels * q * p];
        for (int i = 0; i < u.length; i++) { // ReLU-like data: ties at zero, both zeros, negatives
            double r = rng.nextDouble();
            u[i] = r < 0.4 ? 0f : r < 0.45 ? -0f : r < 0.6 ? (float) -rng.nextDouble() : (float) rng.nextDouble();
        }
        u[u.length / 2] = Float.NaN;
        u[u.length - 1] = Float.intBitsToFloat(0xffc00000); // x86's NaN, sign bit set
        float[] expectedY = new float[channels * p];
        byte[] expectedWhere = new byte[channels * p];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < p; t++) {
                int at = 0;
                for (int k = 1; k < q; k++) {
                    float v = u[(c * q + k) * p + t], best = u[(c * q + at) * p + t];
                    if (!Float.isNaN(best) && (Float.isNaN(v) || v > best)) {
                        at = k;
                    }
                }
                expectedY[c * p + t] = u[(c * q + at) * p + t];
                expectedWhere[c * p + t] = (byte) at;
            }
        }
        float[] g = new float[channels * p], gate = new float[channels * p];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) rng.nextGaussian();
            gate[i] = rng.nextDouble() < 0.3 ? 0f : (float) rng.nextDouble(); // a ReLU's output
        }
        float scale = 1.25f;
        float[] expectedGrad = new float[u.length], expectedGated = new float[u.length];
        float[] expectedSums = new float[channels];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < p; t++) {
                int i = c * p + t, at = (c * q + expectedWhere[i]) * p + t;
                expectedGrad[at] = g[i];
                expectedGated[at] = gate[i] > 0 ? g[i] * scale : 0f;
                expectedSums[c] += expectedGated[at];
            }
        }
        for (TiledPooling.Kernel kernel : KERNELS) {
            float[] y = new float[3 + channels * p];
            byte[] where = new byte[3 + channels * p];
            kernel.max(u, 0, channels, q, p, y, 3, where);
            String name = kernel.getClass().getSimpleName();
            for (int i = 0; i < expectedY.length; i++) {
                if (Float.isNaN(expectedY[i])) { // a NaN propagates; where it came from is left open
                    assertTrue(Float.isNaN(y[3 + i]), name + ": NaN at " + i);
                    where[3 + i] = expectedWhere[i];
                    continue;
                }
                float expected = expectedY[i], actual = y[3 + i];
                assertTrue(expected == actual, name + ": value " + i + ": " + actual + " for " + expected); // -0 == +0
                assertEquals(expectedWhere[i], where[3 + i], name + ": where " + i);
            }
            float[] out = new float[u.length];
            Arrays.fill(out, Float.NaN); // every slab element is written
            float[] shiftedG = new float[5 + g.length];
            System.arraycopy(g, 0, shiftedG, 5, g.length);
            kernel.scatter(shiftedG, 5, null, 1f, where, 3, channels, q, p, out, null);
            assertArrayEquals(expectedGrad, out, name);
            float[] shiftedGate = new float[5 + g.length], sums = new float[channels];
            System.arraycopy(gate, 0, shiftedGate, 5, g.length);
            kernel.scatter(shiftedG, 5, shiftedGate, scale, where, 3, channels, q, p, out, sums);
            assertArrayEquals(expectedGated, out, name + " with a gate");
            assertArrayEquals(expectedSums, sums, 1e-4f, name + ": channel sums");
        }
    }

    @Test
    void onlyNonOverlappingUnpaddedWindowsTile() {
        assertTrue(TiledPooling.tiles(new ConvGeometry(1, 1, 8, 8, 2, 2, 2, 2, 0, 0, 1, 1)));
        assertTrue(TiledPooling.tiles(new ConvGeometry(1, 1, 8, 8, 3, 2, 3, 2, 0, 0, 1, 1)));
        assertTrue(!TiledPooling.tiles(new ConvGeometry(1, 1, 8, 8, 3, 3, 2, 2, 0, 0, 1, 1)));
        assertTrue(!TiledPooling.tiles(new ConvGeometry(1, 1, 8, 8, 2, 2, 2, 2, 1, 1, 1, 1)));
        assertTrue(!TiledPooling.tiles(new ConvGeometry(1, 1, 64, 64, 12, 12, 12, 12, 0, 0, 1, 1)));
    }

    @ParameterizedTest(name = "stride {0}, padding {1}, dilation {2}, tiles {3}x{4}")
    @CsvSource({"1, 0, 1, 2, 2", "1, 1, 1, 2, 2", "2, 1, 2, 3, 2", "1, 0, 1, 3, 3"})
    void slabOrderIsAPermutationOfTheUnfoldedColumns(int stride, int padding, int dilation, int th, int tw) {
        ConvGeometry g = new ConvGeometry(2, 2, 11, 10, 3, 3, stride, stride, padding, padding, dilation, dilation);
        SplittableRandom rng = new SplittableRandom(7);
        float[] x = new float[2 * 2 * 11 * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int rows = g.patch(2), l = g.outPlane(), tilesH = g.outH() / th, tilesW = g.outW() / tw;
        int p = tilesH * tilesW, span = th * tw * p, image = 2 * 11 * 10;
        float[] cols = new float[rows * l], tiled = new float[rows * span];
        Im2col.unfold(g, x, image, cols, 0);
        java.util.Arrays.fill(tiled, Float.NaN); // so a column the unfold leaves unwritten (padding) cannot pass as 0
        Im2col.unfoldTiled(g, th, tw, x, image, tiled, 0);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < th; i++) {
                for (int j = 0; j < tw; j++) {
                    for (int a = 0; a < tilesH; a++) {
                        for (int b = 0; b < tilesW; b++) {
                            float expected = cols[r * l + (a * th + i) * g.outW() + b * tw + j];
                            assertEquals(expected, tiled[r * span + (i * tw + j) * p + a * tilesW + b]);
                        }
                    }
                }
            }
        }
        // folding is the transpose: <unfoldTiled(x), c> == <x, foldTiled(c)>
        float[] c = new float[tiled.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) rng.nextGaussian();
        }
        float[] folded = new float[x.length];
        Im2col.foldTiled(g, th, tw, c, 0, folded, image);
        double left = 0, right = 0;
        for (int i = 0; i < c.length; i++) {
            left += (double) tiled[i] * c[i];
        }
        for (int i = 0; i < x.length; i++) {
            right += (double) x[i] * folded[i];
        }
        assertEquals(left, right, 1e-3 * (1 + Math.abs(left)));
        for (int i = 0; i < image; i++) {
            assertEquals(0f, folded[i], "the first image is left alone");
        }
    }
}
