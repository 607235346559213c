package dev.backprop.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.tensor.GradCheck;
import dev.backprop.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every differentiable primitive, on small and broadcast shapes, against central differences. */
class OpGradientTest {
    /** One gradient check: which op it covers, the function of the inputs, and the inputs drawn from its domain. */
    record OpCase(String name, Class<? extends Op> op, Function<List<Tensor>, Tensor> f, List<NdArray> inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    /** Uniform in [low, high). */
    static NdArray uniform(float low, float high, int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (low + (high - low) * RANDOM.nextDouble());
        }
        return NdArray.of(v, dims);
    }

    /** Magnitudes in [0.2, 1.5) with random signs: keeps relu, abs and friends away from their kink at 0. */
    static NdArray awayFromZero(int... dims) {
        float[] v = uniform(0.2f, 1.5f, dims).toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= RANDOM.nextBoolean() ? 1 : -1;
        }
        return NdArray.of(v, dims);
    }

    /** Distinct values (a shuffled ramp) so max/min have no ties within eps. */
    static NdArray distinct(int... dims) {
        int n = Shape.of(dims).size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = -1.5f + 3f * i / Math.max(1, n - 1);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = RANDOM.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return NdArray.of(v, dims);
    }

    static OpCase unary(String name, Class<? extends Op> op, Function<Tensor, Tensor> f, NdArray x) {
        return new OpCase(name, op, xs -> f.apply(xs.get(0)), List.of(x));
    }

    static OpCase binary(String name, Class<? extends Op> op, Function<List<Tensor>, Tensor> f, NdArray a, NdArray b) {
        return new OpCase(name, op, f, List.of(a, b));
    }

    static Stream<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        c.add(binary("add", Add.class, x -> x.get(0).add(x.get(1)), uniform(-1, 1, 2, 3), uniform(-1, 1, 2, 3)));
        c.add(binary(
                "add broadcast",
                Add.class,
                x -> x.get(0).add(x.get(1)),
                uniform(-1, 1, 2, 3, 4),
                uniform(-1, 1, 3, 1)));
        c.add(binary("sub broadcast", Sub.class, x -> x.get(0).sub(x.get(1)), uniform(-1, 1, 4), uniform(-1, 1, 3, 4)));
        c.add(binary("mul", Mul.class, x -> x.get(0).mul(x.get(1)), uniform(-1, 1, 3, 4), uniform(-1, 1, 3, 4)));
        c.add(binary(
                "mul broadcast",
                Mul.class,
                x -> x.get(0).mul(x.get(1)),
                uniform(-1, 1, 2, 1, 4),
                uniform(-1, 1, 3, 1)));
        c.add(binary("div", Div.class, x -> x.get(0).div(x.get(1)), uniform(-1, 1, 2, 3), uniform(0.5f, 2, 2, 3)));
        c.add(binary(
                "div broadcast", Div.class, x -> x.get(0).div(x.get(1)), uniform(-1, 1, 2, 3), uniform(0.5f, 2, 3)));
        c.add(binary("pow", Pow.class, x -> x.get(0).pow(x.get(1)), uniform(0.5f, 2, 2, 3), uniform(-1.5f, 2, 2, 3)));
        c.add(binary(
                "maximum",
                Maximum.class,
                x -> x.get(0).maximum(x.get(1)),
                distinct(2, 3),
                distinct(2, 3).add(0.05f)));
        c.add(binary(
                "minimum broadcast",
                Minimum.class,
                x -> x.get(0).minimum(x.get(1)),
                distinct(3, 4),
                distinct(4).add(0.05f)));
        NdArray mask = NdArray.of(new float[] {1, 0, 0, 1, 1, 0}, 2, 3);
        c.add(binary(
                "where",
                Where.class,
                x -> Tensor.where(mask, x.get(0), x.get(1)),
                uniform(-1, 1, 2, 3),
                uniform(-1, 1, 3)));
        c.add(binary(
                "matmul 2-D",
                MatMul.class,
                x -> x.get(0).matmul(x.get(1)),
                uniform(-1, 1, 3, 5),
                uniform(-1, 1, 5, 4)));
        c.add(binary(
                "matmul batch broadcast",
                MatMul.class,
                x -> x.get(0).matmul(x.get(1)),
                uniform(-1, 1, 2, 1, 3, 4),
                uniform(-1, 1, 3, 4, 2)));
        c.add(binary(
                "matmul vector",
                MatMul.class,
                x -> x.get(0).matmul(x.get(1)),
                uniform(-1, 1, 4),
                uniform(-1, 1, 2, 4, 3)));
        c.add(binary(
                "matmul transposed view",
                MatMul.class,
                x -> x.get(0).transpose(0, 1).matmul(x.get(1)),
                uniform(-1, 1, 5, 3),
                uniform(-1, 1, 5, 2)));
        c.add(new OpCase(
                "concat",
                Concat.class,
                x -> Tensor.concat(1, x),
                List.of(uniform(-1, 1, 2, 3), uniform(-1, 1, 2, 1), uniform(-1, 1, 2, 2))));
        c.add(new OpCase(
                "stack", Concat.class, x -> Tensor.stack(0, x), List.of(uniform(-1, 1, 3), uniform(-1, 1, 3))));
        c.add(unary("neg", Neg.class, Tensor::neg, uniform(-1, 1, 2, 3)));
        c.add(unary("exp", Exp.class, Tensor::exp, uniform(-2, 2, 2, 3)));
        c.add(unary("log", Log.class, Tensor::log, uniform(0.5f, 3, 2, 3)));
        c.add(unary("sqrt", Sqrt.class, Tensor::sqrt, uniform(0.5f, 3, 2, 3)));
        c.add(unary("abs", Abs.class, Tensor::abs, awayFromZero(2, 3)));
        c.add(unary("relu", Relu.class, Tensor::relu, awayFromZero(3, 4)));
        c.add(unary("leaky relu", LeakyRelu.class, t -> t.leakyRelu(0.1f), awayFromZero(3, 4)));
        c.add(unary("sigmoid", Sigmoid.class, Tensor::sigmoid, uniform(-3, 3, 3, 4)));
        c.add(unary("tanh", Tanh.class, Tensor::tanh, uniform(-2, 2, 3, 4)));
        c.add(unary("gelu", Gelu.class, Tensor::gelu, uniform(-3, 3, 3, 4)));
        c.add(unary("softplus", Softplus.class, Tensor::softplus, uniform(-3, 3, 3, 4)));
        c.add(unary("pow scalar", PowScalar.class, t -> t.pow(3f), uniform(-1.5f, 1.5f, 2, 3)));
        c.add(unary(
                "clamp",
                Clamp.class,
                t -> t.clamp(-0.5f, 0.7f),
                distinct(3, 5).mul(1.3f).add(0.013f)));
        c.add(unary("reshape", Reshape.class, t -> t.reshape(3, -1).mul(t.reshape(3, -1)), uniform(-1, 1, 2, 3, 2)));
        Tensor weights = Tensor.constant(uniform(-1, 1, 4, 2, 3));
        c.add(unary("permute", Permute.class, t -> t.permute(2, 0, 1).mul(weights), uniform(-1, 1, 2, 3, 4)));
        c.add(unary("expand", Expand.class, t -> t.expand(Shape.of(2, 3, 4)), uniform(-1, 1, 3, 1)));
        c.add(unary("slice with step", Slice.class, t -> t.slice(1, 1, 6, 2), uniform(-1, 1, 2, 7)));
        c.add(unary("narrow", Slice.class, t -> t.narrow(0, 1, 2), uniform(-1, 1, 4, 3)));
        c.add(unary("pad", Pad.class, t -> t.pad(new int[] {1, 0, 2, 1}, 0.5f), uniform(-1, 1, 2, 3)));
        c.add(unary("sum all", Sum.class, Tensor::sum, uniform(-1, 1, 2, 3)));
        c.add(unary("sum two axes keepDims", Sum.class, t -> t.sum(new int[] {0, 2}, true), uniform(-1, 1, 2, 3, 4)));
        c.add(unary("sum negative axis", Sum.class, t -> t.sum(new int[] {-1}, false), uniform(-1, 1, 3, 4)));
        c.add(unary("mean", Sum.class, t -> t.mean(new int[] {1}, false), uniform(-1, 1, 3, 4)));
        c.add(unary("variance", Sum.class, t -> t.variance(new int[] {0, 1}, false, 1), uniform(-1, 1, 3, 4, 2)));
        c.add(unary("max two axes", Max.class, t -> t.max(new int[] {0, 2}, false), distinct(3, 2, 4)));
        c.add(unary("max keepDims", Max.class, t -> t.max(new int[] {1}, true), distinct(3, 4)));
        c.add(unary("min", Min.class, t -> t.min(new int[] {0}, false), distinct(4, 3)));
        c.add(unary(
                "index select with repeats",
                IndexSelect.class,
                t -> t.indexSelect(0, 2, 0, 2, 3),
                uniform(-1, 1, 4, 3)));
        c.add(unary("index select axis 1", IndexSelect.class, t -> t.indexSelect(1, 1, 1, 0), uniform(-1, 1, 2, 3)));
        c.add(unary(
                "gather",
                Gather.class,
                t -> t.gather(1, new int[] {2, 0, 1, 1}, Shape.of(2, 2)),
                uniform(-1, 1, 2, 3)));
        c.add(unary("softmax", Exp.class, t -> t.softmax(1), uniform(-2, 2, 3, 5)));
        c.add(unary("log softmax", Sum.class, t -> t.logSoftmax(-1), uniform(-2, 2, 3, 5)));
        c.add(unary(
                "logsumexp two axes", Log.class, t -> t.logSumExp(new int[] {0, 1}, false), uniform(-2, 2, 3, 2, 2)));
        int[] one = {1, 1}, two = {2, 2}, zero = {0, 0};
        c.add(binary(
                "conv2d",
                Conv2d.class,
                x -> x.get(0).conv2d(x.get(1), one, zero, one, 1),
                uniform(-1, 1, 2, 2, 5, 5),
                uniform(-1, 1, 3, 2, 3, 3)));
        c.add(binary(
                "conv2d stride padding",
                Conv2d.class,
                x -> x.get(0).conv2d(x.get(1), two, one, one, 1),
                uniform(-1, 1, 2, 3, 6, 5),
                uniform(-1, 1, 2, 3, 3, 2)));
        c.add(binary(
                "conv2d dilation",
                Conv2d.class,
                x -> x.get(0).conv2d(x.get(1), one, new int[] {2, 1}, two, 1),
                uniform(-1, 1, 1, 2, 6, 6),
                uniform(-1, 1, 2, 2, 3, 3)));
        c.add(binary(
                "conv2d groups",
                Conv2d.class,
                x -> x.get(0).conv2d(x.get(1), one, one, one, 2),
                uniform(-1, 1, 2, 4, 4, 4),
                uniform(-1, 1, 6, 2, 3, 3)));
        c.add(binary(
                "conv2d depthwise",
                Conv2d.class,
                x -> x.get(0).conv2d(x.get(1), two, one, one, 3),
                uniform(-1, 1, 1, 3, 5, 5),
                uniform(-1, 1, 3, 1, 3, 3)));
        c.add(unary("dropout", Dropout.class, t -> t.dropout(0.3f, 42), uniform(-1, 1, 3, 7)));
        c.add(unary("max pool", MaxPool2d.class, t -> t.maxPool2d(two, two, zero), distinct(2, 2, 4, 6)));
        c.add(unary(
                "max pool overlapping padded",
                MaxPool2d.class,
                t -> t.maxPool2d(new int[] {3, 3}, two, one),
                distinct(1, 2, 5, 5)));
        c.add(unary(
                "avg pool padded",
                AvgPool2d.class,
                t -> t.avgPool2d(new int[] {3, 2}, new int[] {2, 1}, one),
                uniform(-1, 1, 2, 2, 5, 4)));
        NdArray target = NdArray.of(new float[] {0, 1, 0, 0, 0.1f, 0.1f, 0.7f, 0.1f, 0, 0, 0, 1}, 3, 4);
        c.add(unary(
                "softmax cross-entropy",
                SoftmaxCrossEntropy.class,
                t -> t.softmaxCrossEntropy(target),
                uniform(-3, 3, 3, 4)));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pullbackMatchesCentralDifference(OpCase c) {
        GradCheck.Report report = GradCheck.check(c.f(), c.inputs());
        assertTrue(report.passed(), c.name() + ": " + report);
        assertTrue(report.checked() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void directionalDerivativeMatches(OpCase c) {
        GradCheck.Report report = GradCheck.directional(c.f(), c.inputs(), GradCheck.Options.defaults());
        assertTrue(report.passed(), c.name() + ": " + report);
    }

    @org.junit.jupiter.api.Test
    void fusedCrossEntropyMatchesComposition() {
        NdArray logits = uniform(-50, 50, 4, 5);
        NdArray target = NdArray.of(
                new float[] {1, 0, 0, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0, 0, 0, 0, 1}, 4, 5);
        Tensor a = Tensor.variable(logits), b = Tensor.variable(logits);
        Tensor fused = a.softmaxCrossEntropy(target);
        Tensor composed = b.logSoftmax(1)
                .mul(Tensor.constant(target))
                .sum(new int[] {1}, false)
                .neg();
        assertTrue(fused.value().allClose(composed.value(), 1e-3f), fused + " vs " + composed);
        fused.sum().backward();
        composed.sum().backward();
        assertTrue(a.grad().allClose(b.grad(), 1e-5f));
        NdArray extreme = NdArray.of(new float[] {100, -100, 0, -100, 100, 0}, 2, 3);
        NdArray oneHot = NdArray.of(new float[] {0, 1, 0, 1, 0, 0}, 2, 3);
        float[] loss =
                Tensor.constant(extreme).softmaxCrossEntropy(oneHot).value().toArray();
        assertEquals(200f, loss[0], 1e-3);
        assertEquals(200f, loss[1], 1e-3);
    }

    @org.junit.jupiter.api.Test
    void dropoutDrawsItsMaskFromTheSeedAndKeepsTheRate() {
        NdArray ones = NdArray.full(Shape.of(3, 100_001), 1f); // several blocks and a ragged end
        Tensor x = Tensor.variable(ones);
        Tensor y = x.dropout(0.25f, 7);
        float[] v = y.value().toArray();
        int dropped = 0;
        for (float f : v) {
            assertTrue(f == 0f || f == 1f / 0.75f, "value " + f);
            dropped += f == 0f ? 1 : 0;
        }
        assertEquals(0.25, dropped / (double) v.length, 0.005);
        assertTrue(y.value().allClose(Tensor.constant(ones).dropout(0.25f, 7).value(), 0f), "same seed, same mask");
        assertTrue(!y.value().allClose(Tensor.constant(ones).dropout(0.25f, 8).value(), 0f), "another seed");
        y.sum().backward();
        assertTrue(x.grad().allClose(y.value(), 0f), "the gradient is the mask");
        assertEquals(
                0f,
                Tensor.constant(ones)
                        .dropout(0f, 7)
                        .value()
                        .sub(ones)
                        .abs()
                        .max()
                        .item());
    }

    @org.junit.jupiter.api.Test
    void convolutionMatchesDirectSum() {
        NdArray x = uniform(-1, 1, 2, 4, 7, 6), w = uniform(-1, 1, 6, 2, 3, 2);
        NdArray y = Tensor.constant(x)
                .conv2d(Tensor.constant(w), new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, 2)
                .value();
        int outH = (7 + 2 - 2 - 1) / 2 + 1, outW = (6 + 2 - 2 - 1) + 1;
        assertEquals(Shape.of(2, 6, outH, outW), y.shape());
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 6; o++) {
                int group = o / 3;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        double s = 0;
                        for (int c = 0; c < 2; c++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 2; j++) {
                                    int h = oh * 2 - 1 + i, v = ow - 1 + 2 * j;
                                    if (h >= 0 && h < 7 && v >= 0 && v < 6) {
                                        s += x.get(n, group * 2 + c, h, v) * w.get(o, c, i, j);
                                    }
                                }
                            }
                        }
                        assertEquals(s, y.get(n, o, oh, ow), 1e-4);
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void fusedBiasAndReluEqualTheComposition() {
        NdArray x = uniform(-1, 1, 3, 2, 6, 5), w = uniform(-1, 1, 4, 2, 3, 3), b = uniform(-1, 1, 4);
        int[] one = {1, 1}, zero = {0, 0};
        Tensor xv = Tensor.variable(x), wv = Tensor.variable(w), bv = Tensor.variable(b);
        Tensor fused = xv.conv2d(wv, bv, one, zero, one, 1, Conv2d.Fused.RELU);
        Tensor xc = Tensor.variable(x), wc = Tensor.variable(w), bc = Tensor.variable(b);
        Tensor composed =
                xc.conv2d(wc, one, zero, one, 1).add(bc.reshape(4, 1, 1)).relu();
        assertTrue(fused.value().allClose(composed.value(), 1e-6f));
        NdArray g = uniform(-1, 1, 3, 4, 4, 3);
        fused.backward(g);
        composed.backward(g);
        assertTrue(xv.grad().allClose(xc.grad(), 1e-5f));
        assertTrue(wv.grad().allClose(wc.grad(), 1e-5f));
        assertTrue(bv.grad().allClose(bc.grad(), 1e-5f));
    }

    @org.junit.jupiter.api.Test
    void everyPrimitiveHasACase() {
        Set<String> covered = cases().map(c -> c.op().getSimpleName()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> primitives = new TreeSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(Op.class));
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (type.isSealed()) {
                todo.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                primitives.add(type.getSimpleName());
            }
        }
        primitives.removeAll(covered);
        assertEquals(Set.of(), primitives, "ops without a gradient-check case");
    }
}
