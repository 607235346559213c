package dev.backprop.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.array.kernel.DropoutMask;
import dev.backprop.tensor.GradCheck;
import dev.backprop.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The convolution with a fused ReLU and max pool against the composition of the separate ops. */
class FusedConvolutionTest {
    /** A convolution (input and weight shapes, stride, padding, dilation, groups) followed by a pool window. */
    record Case(
            String name,
            int[] input,
            int[] weight,
            int stride,
            int padding,
            int dilation,
            int groups,
            boolean bias,
            boolean relu,
            Conv2d.MaxPool pool) {
        @Override
        public String toString() {
            return name;
        }

        Tensor fused(Tensor x, Tensor w, Tensor b) {
            return fused(x, w, b, null);
        }

        Tensor fused(Tensor x, Tensor w, Tensor b, DropoutMask dropout) {
            return x.conv2d(w, b, ints(stride), ints(padding), ints(dilation), groups, activation(), pool, dropout);
        }

        Tensor composed(Tensor x, Tensor w, Tensor b) {
            return x.conv2d(w, b, ints(stride), ints(padding), ints(dilation), groups, activation())
                    .maxPool2d(
                            new int[] {pool.kernelH(), pool.kernelW()},
                            new int[] {pool.strideH(), pool.strideW()},
                            new int[] {pool.padH(), pool.padW()});
        }

        private Conv2d.Fused activation() {
            return relu ? Conv2d.Fused.RELU : Conv2d.Fused.NONE;
        }

        private static int[] ints(int v) {
            return new int[] {v, v};
        }
    }

    static Stream<Case> cases() {
        Conv2d.MaxPool twoByTwo = new Conv2d.MaxPool(2, 2, 2, 2, 0, 0);
        return Stream.of(
                new Case(
                        "MNIST shape: 169 windows per plane, vectors and a tail",
                        new int[] {2, 1, 28, 28},
                        new int[] {4, 1, 3, 3},
                        1,
                        0,
                        1,
                        1,
                        true,
                        true,
                        twoByTwo),
                new Case(
                        "3x3 windows that tile, 30 per plane",
                        new int[] {2, 2, 20, 19},
                        new int[] {3, 2, 3, 3},
                        1,
                        0,
                        1,
                        1,
                        true,
                        false,
                        new Conv2d.MaxPool(3, 3, 3, 3, 0, 0)),
                new Case(
                        "MNIST-like, 1 channel, 2x2 pool",
                        new int[] {3, 1, 8, 8},
                        new int[] {4, 1, 3, 3},
                        1,
                        0,
                        1,
                        1,
                        true,
                        true,
                        twoByTwo),
                new Case(
                        "odd size, pool drops the last row",
                        new int[] {2, 2, 9, 7},
                        new int[] {3, 2, 3, 3},
                        1,
                        0,
                        1,
                        1,
                        true,
                        true,
                        twoByTwo),
                new Case(
                        "no relu, no bias",
                        new int[] {2, 3, 6, 6},
                        new int[] {5, 3, 3, 3},
                        1,
                        1,
                        1,
                        1,
                        false,
                        false,
                        twoByTwo),
                new Case(
                        "stride, padding, groups",
                        new int[] {2, 4, 9, 9},
                        new int[] {6, 2, 3, 3},
                        2,
                        1,
                        1,
                        2,
                        true,
                        true,
                        twoByTwo),
                new Case(
                        "dilation, overlapping padded 3x3 pool",
                        new int[] {1, 2, 10, 9},
                        new int[] {3, 2, 3, 2},
                        1,
                        1,
                        2,
                        1,
                        true,
                        true,
                        new Conv2d.MaxPool(3, 3, 2, 2, 1, 1)),
                new Case(
                        "rectangular pool",
                        new int[] {2, 1, 7, 8},
                        new int[] {2, 1, 2, 2},
                        1,
                        0,
                        1,
                        1,
                        true,
                        false,
                        new Conv2d.MaxPool(3, 2, 3, 2, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valuesAndGradientsMatchTheComposition(Case c) {
        matchesTheComposition(c, null, 11);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aFusedDropoutMatchesTheComposition(Case c) {
        Tensor fused = matchesTheComposition(c, new DropoutMask(0.4f, 99), 12);
        assertTrue(fused.value().eq(NdArray.zeros(fused.shape())).sum().item() > 0, "some outputs dropped");
    }

    /**
     * The fused op (with {@code dropout} unless it is null) against the separate ops on the same random inputs: values,
     * and the gradients of every input for one random upstream gradient. Returns the fused result.
     */
    private static Tensor matchesTheComposition(Case c, DropoutMask dropout, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        NdArray x = NdArray.uniform(Shape.of(c.input()), -1, 1, rng),
                w = NdArray.uniform(Shape.of(c.weight()), -1, 1, rng);
        NdArray b = NdArray.uniform(Shape.of(c.weight()[0]), -0.5f, 0.5f, rng);
        Tensor x1 = Tensor.variable(x), w1 = Tensor.variable(w), b1 = c.bias() ? Tensor.variable(b) : null;
        Tensor x2 = Tensor.variable(x), w2 = Tensor.variable(w), b2 = c.bias() ? Tensor.variable(b) : null;
        Tensor fused = c.fused(x1, w1, b1, dropout), composed = c.composed(x2, w2, b2);
        if (dropout != null) {
            composed = composed.dropout(dropout.rate(), dropout.seed());
        }
        assertEquals(composed.shape(), fused.shape());
        assertTrue(fused.value().allClose(composed.value(), 1e-5f), fused + "\nvs\n" + composed);
        NdArray upstream = NdArray.uniform(fused.shape(), -1, 1, rng);
        fused.backward(upstream);
        composed.backward(upstream);
        assertTrue(x1.grad().allClose(x2.grad(), 1e-5f), "input gradient");
        assertTrue(w1.grad().allClose(w2.grad(), 1e-4f), "weight gradient");
        if (c.bias()) {
            assertTrue(b1.grad().allClose(b2.grad(), 1e-4f), "bias gradient");
        }
        return fused;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallCases")
    void aFusedDropoutsGradientMatchesCentralDifferences(Case c) {
        DropoutMask mask = new DropoutMask(0.4f, 99);
        GradCheck.Report report =
                GradCheck.check(t -> c.fused(t.get(0), t.get(1), c.bias() ? t.get(2) : null, mask), awayFromKinks(c));
        assertTrue(report.passed(), c + " with dropout: " + report);
    }

    @Test
    void aDropoutWithoutAPoolMatchesTheComposition() {
        SplittableRandom rng = new SplittableRandom(13);
        DropoutMask mask = new DropoutMask(0.5f, 7);
        NdArray x = NdArray.uniform(Shape.of(3, 2, 7, 6), -1, 1, rng),
                w = NdArray.uniform(Shape.of(4, 2, 3, 3), -1, 1, rng);
        for (Conv2d.Fused activation : Conv2d.Fused.values()) {
            Tensor x1 = Tensor.variable(x), w1 = Tensor.variable(w), x2 = Tensor.variable(x), w2 = Tensor.variable(w);
            int[] one = {1, 1}, zero = {0, 0};
            Tensor fused = x1.conv2d(w1, null, one, zero, one, 1, activation, null, mask);
            Tensor composed = x2.conv2d(w2, null, one, zero, one, 1, activation).dropout(mask.rate(), mask.seed());
            assertTrue(fused.value().allClose(composed.value(), 1e-5f), activation + ": values");
            NdArray upstream = NdArray.uniform(fused.shape(), -1, 1, rng);
            fused.backward(upstream);
            composed.backward(upstream);
            assertTrue(x1.grad().allClose(x2.grad(), 1e-5f), activation + ": input gradient");
            assertTrue(w1.grad().allClose(w2.grad(), 1e-4f), activation + ": weight gradient");
        }
    }

    /**
     * The cases small enough for central differences: inputs that keep every output clear of the ReLU's and the pool's
     * kinks exist only for a few hundred outputs. The larger ones are checked against the composition.
     */
    static Stream<Case> smallCases() {
        return cases().filter(c -> !c.name().startsWith("MNIST shape"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallCases")
    void gradientMatchesCentralDifferences(Case c) {
        List<NdArray> inputs = awayFromKinks(c);
        Function<List<Tensor>, Tensor> f = t -> c.fused(t.get(0), t.get(1), c.bias() ? t.get(2) : null);
        GradCheck.Report report = GradCheck.check(f, inputs);
        assertTrue(report.passed(), c + ": " + report);
        assertTrue(report.checked() > 0);
    }

    @Test
    void aWindowThatDoesNotFitIsNamed() {
        Tensor x = Tensor.constant(NdArray.zeros(1, 1, 4, 4)), w = Tensor.constant(NdArray.zeros(2, 1, 3, 3));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> x.conv2d(
                        w,
                        null,
                        new int[] {1, 1},
                        new int[] {0, 0},
                        new int[] {1, 1},
                        1,
                        Conv2d.Fused.RELU,
                        new Conv2d.MaxPool(3, 3, 3, 3, 0, 0)));
        assertEquals("conv2d max pool: window 3x3 does not fit input [1, 2, 2, 2]", e.getMessage());
        // a 2x2 window, stride 2, over a single row: (1 - 2) / 2 rounds to 0 in Java, floor division gives -1
        Tensor row = Tensor.constant(NdArray.zeros(1, 1, 1, 4));
        e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> row.maxPool2d(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}));
        assertEquals("maxPool2d: window 2x2 does not fit input [1, 1, 1, 4]", e.getMessage());
    }

    /**
     * Inputs for which central differences are meaningful: every convolution output at least 0.025 from the ReLU's kink
     * and every window's maximum at least 0.025 above the runner-up (so a step of eps = 0.01 changes no decision).
     */
    private static List<NdArray> awayFromKinks(Case c) {
        SplittableRandom rng = new SplittableRandom(5);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            NdArray x = NdArray.uniform(Shape.of(c.input()), -1, 1, rng);
            NdArray w = NdArray.uniform(Shape.of(c.weight()), -1, 1, rng);
            NdArray b = NdArray.uniform(Shape.of(c.weight()[0]), -0.5f, 0.5f, rng);
            NdArray conv = Tensor.constant(x)
                    .conv2d(
                            Tensor.constant(w),
                            c.bias() ? Tensor.constant(b) : null,
                            new int[] {c.stride(), c.stride()},
                            new int[] {c.padding(), c.padding()},
                            new int[] {c.dilation(), c.dilation()},
                            c.groups())
                    .value();
            if (clearOfKinks(conv, c)) {
                return c.bias() ? List.of(x, w, b) : List.of(x, w);
            }
        }
        throw new AssertionError(c + ": no inputs clear of kinks found");
    }

    private static boolean clearOfKinks(NdArray conv, Case c) {
        float[] v = conv.toArray();
        Shape s = conv.shape();
        int h = s.dim(2), wd = s.dim(3);
        Conv2d.MaxPool p = c.pool();
        int outH = (h + 2 * p.padH() - p.kernelH()) / p.strideH() + 1,
                outW = (wd + 2 * p.padW() - p.kernelW()) / p.strideW() + 1;
        for (int plane = 0; plane < s.dim(0) * s.dim(1); plane++) {
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    float best = Float.NEGATIVE_INFINITY, second = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < p.kernelH(); i++) {
                        for (int j = 0; j < p.kernelW(); j++) {
                            int r = oh * p.strideH() - p.padH() + i, col = ow * p.strideW() - p.padW() + j;
                            if (r < 0 || r >= h || col < 0 || col >= wd) {
                                continue;
                            }
                            float value = v[(plane * h + r) * wd + col];
                            if (c.relu() && Math.abs(value) < 0.025f) {
                                return false;
                            }
                            value = c.relu() ? Math.max(value, 0f) : value;
                            if (value > best) {
                                second = best;
                                best = value;
                            } else if (value > second) {
                                second = value;
                            }
                        }
                    }
                    if (best > 0 && best - second < 0.025f) { // a window of ReLU zeros has no gradient to misplace
                        return false;
                    }
                    if (!c.relu() && best - second < 0.025f) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
