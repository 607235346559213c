package dev.backprop.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NdArrayTest {
    @Test
    void uninitializedArraysArePoisonedInTestsAndOverwrittenByTheirKernels() {
        // the test JVM exports jdk.internal.misc as the launcher does, and poisons such arrays with NaN
        assertTrue(Uninitialized.available(), "allocation without zeroing is reachable");
        for (int n : new int[] {3, 1 << 16}) {
            for (float v : NdArray.uninitialized(Shape.of(n)).toArray()) {
                assertTrue(Float.isNaN(v));
            }
        }
        NdArray a = NdArray.uniform(Shape.of(130, 140), -1, 1, new SplittableRandom(1));
        assertTrue(a.copy().allClose(a, 0f), "copy writes every element");
        for (float v : NdArray.full(Shape.of(200, 100), 2.5f).toArray()) {
            assertEquals(2.5f, v, "full writes every element");
        }
        NdArray product = a.matmul(a.transpose(0, 1)); // 130 x 130: C = A B writes every element, edges included
        for (float v : product.toArray()) {
            assertFalse(Float.isNaN(v), "no element of a product left unwritten");
        }
    }

    @Test
    void matmulWritesIntoAGivenArray() {
        SplittableRandom rng = new SplittableRandom(4);
        NdArray a = NdArray.uniform(Shape.of(3, 4), -1, 1, rng), b = NdArray.uniform(Shape.of(4, 5), -1, 1, rng);
        NdArray out = NdArray.full(Shape.of(3, 5), 7f);
        assertSame(out, a.matmul(b, out));
        assertTrue(out.allClose(a.matmul(b), 0f));
        NdArray rows = NdArray.zeros(5, 5), view = rows.narrow(0, 2, 3); // contiguous, at an offset
        a.matmul(b, view);
        assertTrue(rows.narrow(0, 2, 3).allClose(a.matmul(b), 0f));
        assertTrue(rows.narrow(0, 0, 2).allClose(NdArray.zeros(2, 5), 0f), "rows outside the view untouched");
        NdArray v = NdArray.uniform(Shape.of(4), -1, 1, rng), vOut = NdArray.zeros(5);
        assertTrue(v.matmul(b, vOut).allClose(v.matmul(b), 0f), "vector times matrix");
        NdArray batched = NdArray.uniform(Shape.of(2, 3, 4), -1, 1, rng), bOut = NdArray.zeros(2, 3, 5);
        assertTrue(batched.matmul(b, bOut).allClose(batched.matmul(b), 0f), "batched");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> a.matmul(b, NdArray.zeros(5, 3)));
        assertEquals("matmul: [3, 4] x [4, 5] is [3, 5], but out is [5, 3]", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> a.matmul(b, NdArray.zeros(5, 3).transpose(0, 1)));
        assertTrue(e.getMessage().endsWith("and not contiguous"), e.getMessage());
    }

    @Test
    void creationFillsShapesAndValues() {
        assertArrayEquals(new float[] {0, 0, 0, 0}, NdArray.zeros(2, 2).toArray());
        assertArrayEquals(new float[] {1, 1, 1}, NdArray.ones(3).toArray());
        assertArrayEquals(new float[] {7, 7}, NdArray.full(Shape.of(1, 2), 7).toArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, NdArray.arange(4).toArray());
        assertArrayEquals(
                new float[] {1, 1.5f, 2, 2.5f}, NdArray.arange(1, 3, 0.5f).toArray());
        assertEquals(
                Shape.of(2, 3), NdArray.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).shape());
        assertEquals(Shape.scalar(), NdArray.scalar(3).shape());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[] {1, 2, 3}, 2, 2));
    }

    @Test
    void sameSeedGivesSameRandomNumbers() {
        NdArray a = NdArray.randn(Shape.of(100), 1, new SplittableRandom(3));
        NdArray b = NdArray.randn(Shape.of(100), 1, new SplittableRandom(3));
        NdArray c = NdArray.uniform(Shape.of(1000), -2, 2, new SplittableRandom(3));
        assertArrayEquals(a.toArray(), b.toArray());
        assertTrue(c.min().item() >= -2 && c.max().item() < 2);
        assertEquals(
                0,
                NdArray.randn(Shape.of(20000), 1, new SplittableRandom(1))
                        .mean()
                        .item(),
                0.03);
    }

    @Test
    void viewsShareStorageAndContiguousCopiesOnlyWhenNeeded() {
        NdArray x = NdArray.arange(6).reshape(2, 3);
        NdArray t = x.transpose(0, 1);
        assertEquals(Shape.of(3, 2), t.shape());
        assertFalse(t.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.toArray());
        assertSame(x, x.contiguous());
        NdArray row = x.narrow(0, 1, 1);
        row.set(42, 0, 0);
        assertEquals(42, x.get(1, 0)); // a view writes through
        assertArrayEquals(new float[] {1, 4}, x.narrow(1, 1, 1).reshape(2).toArray()); // a column: reshape copies
        assertArrayEquals(new float[] {0, 2, 42, 5}, x.slice(1, 0, 3, 2).toArray());
        NdArray e = NdArray.of(new float[] {1, 2}, 2, 1).expand(Shape.of(2, 3));
        assertArrayEquals(new float[] {0, 0}, new float[] {e.strides()[1], 0});
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, e.toArray());
        assertEquals(Shape.of(2, 1, 3), x.unsqueeze(1).shape());
        assertEquals(Shape.of(2, 3), x.unsqueeze(1).squeeze(1).shape());
        assertEquals(Shape.of(3, 2), x.reshape(-1, 2).shape());
        assertThrows(IllegalArgumentException.class, () -> x.reshape(4, -1));
    }

    @Test
    void broadcastingFollowsNumPy() {
        NdArray a = NdArray.arange(6).reshape(2, 3);
        NdArray b = NdArray.of(new float[] {10, 20, 30});
        assertArrayEquals(new float[] {10, 21, 32, 13, 24, 35}, a.add(b).toArray());
        NdArray col = NdArray.of(new float[] {1, 2}, 2, 1);
        assertArrayEquals(new float[] {0, 1, 2, 6, 8, 10}, a.mul(col).toArray());
        assertEquals(Shape.of(2, 2, 3), a.add(NdArray.zeros(2, 1, 1)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(NdArray.zeros(2, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 2]"), e.getMessage());
        assertArrayEquals(
                new float[] {0, 0, 1, 1, 1, 1}, a.gt(NdArray.scalar(1.5f)).toArray());
        assertArrayEquals(
                new float[] {0, -1, 2, 3, -1, 5},
                NdArray.where(NdArray.of(new float[] {1, 0, 1}), a, NdArray.scalar(-1))
                        .toArray());
    }

    @Test
    void elementWiseOnLargeArraysMatchesScalarLoop() {
        NdArray a = NdArray.uniform(Shape.of(300_001), -1, 1, new SplittableRandom(1));
        NdArray b = NdArray.uniform(Shape.of(300_001), 1, 2, new SplittableRandom(2));
        float[] x = a.toArray(),
                y = b.toArray(),
                sum = a.add(b).toArray(),
                quotient = a.div(b).toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] + y[i], sum[i]);
            assertEquals(x[i] / y[i], quotient[i]);
        }
        float[] relu = a.relu().toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.max(0, x[i]), relu[i]);
        }
    }

    @Test
    void reductionsOverAnyAxes() {
        NdArray x = NdArray.arange(24).reshape(2, 3, 4);
        assertEquals(276, x.sum().item());
        NdArray s = x.sum(new int[] {0, 2}, true);
        assertEquals(Shape.of(1, 3, 1), s.shape());
        assertArrayEquals(new float[] {60, 92, 124}, s.toArray());
        assertArrayEquals(
                new float[] {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23},
                x.max(new int[] {0}, false).toArray());
        assertArrayEquals(new float[] {3, 3, 3, 3, 3, 3}, toFloats(x.argmax(2)));
        assertArrayEquals(
                new float[] {5.5f, 17.5f}, x.mean(new int[] {1, 2}, false).toArray());
        assertEquals(
                1.25f,
                NdArray.of(new float[] {1, 2, 3, 4})
                        .variance(new int[] {0}, false, 0)
                        .item(),
                1e-6);
        assertEquals(Shape.of(3, 1), x.sumTo(Shape.of(3, 1)).shape());
        assertArrayEquals(new float[] {60, 92, 124}, x.sumTo(Shape.of(3, 1)).toArray());
        NdArray t = x.permute(2, 0, 1); // non-contiguous input
        assertArrayEquals(
                x.sum(new int[] {1}, false).toArray(),
                t.sum(new int[] {2}, false).transpose(0, 1).toArray());
        assertArrayEquals(
                new float[] {1, 0},
                toFloats(NdArray.of(new float[] {3, 9, 9, 1}, 2, 2).argmax(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.sum(new int[] {3}, false));
        assertTrue(e.getMessage().contains("axis 3"), e.getMessage());
    }

    @Test
    void sumsAndExtremaOverEveryAxisSetOfOddShapesAndViewsMatchReferences() {
        // big enough for the parallel paths: rows apart ([300, 700] over axis 1), columns split ([700, 300] over 0)
        int[][] shapes = {{1}, {3}, {17, 129}, {129, 17}, {300, 700}, {700, 300}, {3, 17, 129}, {40, 30, 50}};
        SplittableRandom rng = new SplittableRandom(4);
        for (int[] dims : shapes) {
            NdArray base = NdArray.uniform(Shape.of(dims), -1, 1, rng);
            int rank = dims.length;
            int[] reversed = java.util.stream.IntStream.range(0, rank)
                    .map(i -> rank - 1 - i)
                    .toArray();
            List<NdArray> views = List.of(base, base.permute(reversed), base.slice(rank - 1, 0, dims[rank - 1], 2));
            for (NdArray x : views) {
                for (int subset = 1; subset < 1 << rank; subset++) {
                    int chosen = subset;
                    int[] axes = java.util.stream.IntStream.range(0, rank)
                            .filter(i -> (chosen >> i & 1) == 1)
                            .toArray();
                    NdArray got = x.sum(axes, true);
                    float[] once = got.toArray();
                    double[][] reference = sumByIndex(x, axes, got.shape());
                    for (int i = 0; i < once.length; i++) {
                        assertEquals(
                                reference[0][i],
                                once[i],
                                1e-6 * reference[1][i] + 1e-30,
                                x.shape() + " over " + java.util.Arrays.toString(axes) + " at " + i);
                    }
                    float[][] serial = new float[1][];
                    // nested in a parallel body, every split runs on this thread: the same bits
                    dev.backprop.array.kernel.Parallel.forRange(
                            1, 1, (s, e) -> serial[0] = x.sum(axes, true).toArray());
                    assertArrayEquals(once, serial[0], "the split across threads changed the sum");
                    for (boolean min : new boolean[] {false, true}) { // the values alone, as those found with where
                        NdArray values = min ? x.min(axes, true) : x.max(axes, true);
                        assertArrayEquals(
                                x.extremum(axes, true, min).values().toArray(),
                                values.toArray(),
                                x.shape() + (min ? " min over " : " max over ") + java.util.Arrays.toString(axes));
                    }
                }
            }
        }
    }

    @Test
    void extremaOfZerosOfBothSignsAndNaNsAreThoseFoundWithWhere() {
        float[] v = new float[4 * 40];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 3 == 0 ? -0f : i % 3 == 1 ? 0f : -1f;
        }
        v[2 * 40 + 17] = Float.NaN; // row 2
        NdArray x = NdArray.of(v, 4, 40);
        for (NdArray view : List.of(x, x.transpose(0, 1))) {
            for (int[] axes : new int[][] {{0}, {1}, {0, 1}}) {
                for (boolean min : new boolean[] {false, true}) {
                    NdArray values = min ? view.min(axes, false) : view.max(axes, false);
                    assertArrayEquals(view.extremum(axes, false, min).values().toArray(), values.toArray());
                }
            }
        }
        assertTrue(Float.isNaN(x.max(new int[] {1}, false).get(2)));
        assertEquals(
                Float.floatToIntBits(-0f),
                Float.floatToIntBits(x.max(new int[] {1}, false).get(0)));
    }

    /** The sums over {@code axes} (kept as size 1) and the sums of absolute values, element by element in double. */
    private static double[][] sumByIndex(NdArray x, int[] axes, Shape kept) {
        double[][] out = new double[2][kept.size()];
        int rank = x.rank();
        int[] index = new int[rank], keptStrides = kept.contiguousStrides();
        for (int flat = 0; flat < x.size(); flat++) {
            int rest = flat, o = 0;
            for (int i = rank - 1; i >= 0; i--) {
                index[i] = rest % x.shape().dim(i);
                rest /= x.shape().dim(i);
                o += kept.dim(i) == 1 ? 0 : index[i] * keptStrides[i];
            }
            float v = x.get(index);
            out[0][o] += v;
            out[1][o] += Math.abs(v);
        }
        return out;
    }

    private static float[] toFloats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    static NdArray naiveMatmul(NdArray a, NdArray b) {
        int m = a.shape().dim(0), k = a.shape().dim(1), n = b.shape().dim(1);
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a.get(i, p) * b.get(p, j);
                }
                c[i * n + j] = (float) s;
            }
        }
        return NdArray.wrap(c, Shape.of(m, n));
    }

    @Test
    void matmulMatchesNaiveOnOddShapesAndViews() {
        SplittableRandom rng = new SplittableRandom(5);
        int[][] shapes = {{1, 1, 1}, {3, 17, 5}, {17, 3, 129}, {129, 257, 33}, {64, 600, 530}};
        for (int[] s : shapes) {
            NdArray a = NdArray.uniform(Shape.of(s[0], s[1]), -1, 1, rng);
            NdArray b = NdArray.uniform(Shape.of(s[1], s[2]), -1, 1, rng);
            assertTrue(naiveMatmul(a, b).allClose(a.matmul(b), 1e-3f), "shape " + java.util.Arrays.toString(s));
            NdArray at = a.transpose(0, 1).copy().transpose(0, 1); // same values, transposed layout
            NdArray bt = b.transpose(0, 1).copy().transpose(0, 1);
            assertTrue(naiveMatmul(a, b).allClose(at.matmul(bt), 1e-3f), "transposed " + java.util.Arrays.toString(s));
        }
        NdArray a = NdArray.uniform(Shape.of(2, 1, 3, 4), -1, 1, rng);
        NdArray b = NdArray.uniform(Shape.of(5, 4, 2), -1, 1, rng);
        NdArray c = a.matmul(b);
        assertEquals(Shape.of(2, 5, 3, 2), c.shape());
        NdArray expected =
                naiveMatmul(a.narrow(0, 1, 1).reshape(3, 4), b.narrow(0, 4, 1).reshape(4, 2));
        assertTrue(expected.allClose(c.narrow(0, 1, 1).narrow(1, 4, 1).reshape(3, 2), 1e-5f));
        assertEquals(Shape.of(3), NdArray.ones(3, 4).matmul(NdArray.ones(4)).shape());
    }

    @Test
    void matmulShapeErrorNamesBothShapes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> NdArray.zeros(32, 784).matmul(NdArray.zeros(128, 10)));
        assertEquals("matmul: [32, 784] x [128, 10]: inner dimensions differ (784 vs 128)", e.getMessage());
    }

    @Test
    void joinsAndIndexing() {
        NdArray a = NdArray.arange(4).reshape(2, 2);
        NdArray b = NdArray.arange(2).reshape(2, 1);
        assertArrayEquals(
                new float[] {0, 1, 0, 2, 3, 1}, NdArray.concat(1, List.of(a, b)).toArray());
        assertEquals(Shape.of(2, 2, 2), NdArray.stack(0, List.of(a, a)).shape());
        List<NdArray> parts = NdArray.arange(5).split(0, 2, 3);
        assertArrayEquals(new float[] {2, 3, 4}, parts.get(1).toArray());
        assertArrayEquals(
                new float[] {9, 9, 9, 9, 0, 1, 9, 2, 3},
                a.pad(new int[] {1, 0, 1, 0}, 9).toArray());
        NdArray table = NdArray.arange(6).reshape(3, 2);
        assertArrayEquals(
                new float[] {4, 5, 0, 1, 4, 5},
                table.indexSelect(0, new int[] {2, 0, 2}).toArray());
        assertArrayEquals(
                new float[] {1, 1, 0, 0, 2, 2},
                NdArray.ones(3, 2)
                        .indexAdd(Shape.of(3, 2), 0, new int[] {2, 0, 2})
                        .toArray());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> table.indexSelect(0, new int[] {0, 3}));
        assertTrue(e.getMessage().contains("index 3 at position 1"), e.getMessage());
    }

    @Test
    void toStringLooksLikePyTorch() {
        assertEquals(
                "array([[0., 1.],\n       [2., 3.]], shape=[2, 2])",
                NdArray.arange(4).reshape(2, 2).toString());
        assertEquals(
                "array([0.5000, 1.2500], shape=[2])",
                NdArray.of(new float[] {0.5f, 1.25f}).toString());
        String big = NdArray.arange(5000).toString();
        assertTrue(big.contains("...") && big.length() < 200, big);
    }
}
