package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API's slab-ordered unfold and fold against the scalar loops, bit for bit, on every geometry they take:
 * widths whose runs end in a partial vector or have whole vectors between the first and the last, horizontal and
 * vertical padding, strides and dilations along the height, tiles 1 to 3 rows high, images at an offset.
 */
class VectorIm2colTest {
    private static final Im2col.TiledKernel VECTOR = new VectorIm2col();

    static List<ConvGeometry> geometries() {
        List<ConvGeometry> all = new ArrayList<>();
        for (int width : new int[] {2, 3, 5, 17, 26, 28, 33, 34, 35, 66, 67, 70, 100}) {
            for (int pad : new int[] {0, 1, 2}) {
                for (int kernel : new int[] {1, 3, 5}) {
                    if (width + 2 * pad - kernel + 1 >= 2) {
                        all.add(new ConvGeometry(1, 2, 9, width, kernel, kernel, 1, 1, pad, pad, 1, 1));
                    }
                }
            }
        }
        all.add(new ConvGeometry(1, 3, 12, 20, 3, 3, 2, 1, 1, 1, 1, 1)); // stride 2 down the height
        all.add(new ConvGeometry(1, 1, 15, 20, 3, 3, 1, 1, 2, 1, 2, 1)); // dilation 2 down the height
        all.add(new ConvGeometry(1, 1, 6, 40, 3, 5, 1, 1, 0, 4, 1, 1)); // padding almost as wide as the kernel
        all.add(new ConvGeometry(1, 1, 9, 66, 7, 7, 1, 1, 3, 3, 1, 1)); // padding reaches a whole vector back
        return all;
    }

    @Test
    void unfoldGivesTheScalarLoopsColumns() {
        SplittableRandom rng = new SplittableRandom(11);
        int checked = 0;
        for (ConvGeometry g : geometries()) {
            assertTrue(VECTOR.handles(g, 2), g.toString());
            for (int tileH = 1; tileH <= 3; tileH++) {
                int size = g.channels() * g.kernelH() * g.kernelW() * (g.outH() / tileH * tileH) * (g.outW() / 2 * 2);
                float[] x = random(5 + g.channels() * g.height() * g.width() + 3, rng);
                float[] expected = new float[7 + size + 5], actual = new float[expected.length];
                Arrays.fill(expected, Float.NaN); // an element neither writes stays NaN in both; a missed one differs
                Arrays.fill(actual, Float.NaN);
                Im2col.scalarUnfoldTiled(g, tileH, 2, x, 5, expected, 7);
                VECTOR.unfold(g, tileH, x, 5, actual, 7);
                assertArrayEquals(expected, actual, g + ", tiles " + tileH + "x2");
                checked++;
            }
        }
        assertTrue(checked > 250, "geometries checked: " + checked);
    }

    @Test
    void foldAddsWhatTheScalarLoopsAddInTheSameOrder() {
        SplittableRandom rng = new SplittableRandom(12);
        for (ConvGeometry g : geometries()) {
            for (int tileH = 1; tileH <= 3; tileH++) {
                int size = g.channels() * g.kernelH() * g.kernelW() * (g.outH() / tileH * tileH) * (g.outW() / 2 * 2);
                float[] cols = random(7 + size + 5, rng);
                float[] expected = random(5 + g.channels() * g.height() * g.width() + 3, rng);
                float[] actual = expected.clone();
                Im2col.scalarFoldTiled(g, tileH, 2, cols, 7, expected, 5);
                VECTOR.fold(g, tileH, cols, 7, actual, 5);
                assertArrayEquals(expected, actual, g + ", tiles " + tileH + "x2");
            }
        }
    }

    @Test
    void otherTilingsAndStridesAreLeftToTheScalarLoops() {
        ConvGeometry strided = new ConvGeometry(1, 1, 9, 20, 3, 3, 1, 2, 0, 0, 1, 1);
        ConvGeometry dilated = new ConvGeometry(1, 1, 9, 20, 3, 3, 1, 1, 0, 0, 1, 2);
        ConvGeometry plain = new ConvGeometry(1, 1, 9, 20, 3, 3, 1, 1, 0, 0, 1, 1);
        assertTrue(!VECTOR.handles(strided, 2) && !VECTOR.handles(dilated, 2) && !VECTOR.handles(plain, 3));
        assertNotNull(new VectorIm2col()); // and the public entry points pick it where it applies:
        float[] x = random(9 * 20, new SplittableRandom(13));
        float[] viaEntry = new float[3 * 3 * 6 * 18], scalar = new float[viaEntry.length];
        Im2col.unfoldTiled(plain, 2, 2, x, 0, viaEntry, 0);
        Im2col.scalarUnfoldTiled(plain, 2, 2, x, 0, scalar, 0);
        assertArrayEquals(scalar, viaEntry);
    }

    private static float[] random(int n, SplittableRandom rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }
}
