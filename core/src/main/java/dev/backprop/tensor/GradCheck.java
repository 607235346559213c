package dev.backprop.tensor;

import dev.backprop.array.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks a function's gradients against finite differences, for your own ops, compositions and layers.
 *
 * <p>With a random cotangent {@code u} (not all ones, so that a wrong but symmetric gradient cannot pass), the scalar
 * {@code L(x) = sum(u * f(x))} is summed in double; its pullback {@code u^T J} is compared element by element with the
 * central difference {@code (L(x + eps e_i) - L(x - eps e_i)) / 2 eps}, passing when
 * {@code |a - n| <= atol + rtol * max(|a|, |n|)}. The values are float32, so the defaults are {@code eps = 1e-2},
 * {@code atol = 1e-3}, {@code rtol = 1e-2}. The directional form compares {@code <u, (f(x + eps v) - f(x - eps v)) / 2
 * eps>} with {@code <pullback(u), v>} for a random direction {@code v}: one evaluation pair for any input size.
 *
 * {@snippet :
 * GradCheck.Report r = GradCheck.check(xs -> xs.get(0).tanh().mul(xs.get(1)), List.of(a, b));
 * if (!r.passed()) throw new AssertionError(r);
 * }
 */
public final class GradCheck {
    /** Step and tolerances; {@code seed} draws the cotangent (and the direction). */
    public record Options(double eps, double atol, double rtol, long seed) {
        public Options {
            if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
                throw new IllegalArgumentException("GradCheck.Options: eps must be > 0, atol and rtol >= 0");
            }
        }

        /** eps 1e-2, atol 1e-3, rtol 1e-2, seed 42. */
        public static Options defaults() {
            return new Options(1e-2, 1e-3, 1e-2, 42);
        }

        public Options withEps(double value) {
            return new Options(value, atol, rtol, seed);
        }

        public Options withTolerance(double absolute, double relative) {
            return new Options(eps, absolute, relative, seed);
        }
    }

    /** The outcome: the number of entries compared and the worst one, described for a failure message. */
    public record Report(boolean passed, int checked, double worstExcess, String worst) {
        @Override
        public String toString() {
            return (passed ? "gradients match" : "gradients differ") + " (" + checked + " checked; worst: " + worst
                    + ")";
        }
    }

    private GradCheck() {}

    public static Report check(Function<List<Tensor>, Tensor> f, List<NdArray> inputs) {
        return check(f, inputs, Options.defaults());
    }

    /** Compares every entry of every input's gradient with its central difference. */
    public static Report check(Function<List<Tensor>, Tensor> f, List<NdArray> inputs, Options options) {
        List<NdArray> points = copies(inputs);
        NdArray u = cotangent(f, points, options.seed());
        List<NdArray> analytic = pullback(f, points, u);
        List<float[]> values = points.stream().map(NdArray::buffer).toList();
        List<float[]> grads = analytic.stream().map(NdArray::toArray).toList();
        return compare(
                f,
                points,
                u,
                values,
                grads,
                options,
                i -> "input " + i + " " + inputs.get(i).shape());
    }

    /**
     * Perturbs each entry of each buffer in {@code values} (which feed {@code f} at {@code points}) by {@code +-eps},
     * compares the central difference of {@code sum(u * f)} with {@code analytic}, and reports the worst entry.
     */
    private static Report compare(
            Function<List<Tensor>, Tensor> f,
            List<NdArray> points,
            NdArray u,
            List<float[]> values,
            List<float[]> analytic,
            Options options,
            java.util.function.IntFunction<String> label) {
        int checked = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        String worst = "none";
        for (int i = 0; i < values.size(); i++) {
            float[] x = values.get(i), a = analytic.get(i);
            for (int j = 0; j < x.length; j++) {
                float saved = x[j];
                x[j] = (float) (saved + options.eps());
                double plus = objective(f, points, u);
                x[j] = (float) (saved - options.eps());
                double minus = objective(f, points, u);
                double step = (double) (float) (saved + options.eps()) - (double) (float) (saved - options.eps());
                x[j] = saved;
                double numeric = (plus - minus) / step;
                double excess = Math.abs(a[j] - numeric)
                        - (options.atol() + options.rtol() * Math.max(Math.abs(a[j]), Math.abs(numeric)));
                checked++;
                if (excess > worstExcess || Double.isNaN(excess)) {
                    worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                    worst = label.apply(i) + " element " + j + ": pullback " + a[j] + ", central difference " + numeric;
                }
            }
        }
        return new Report(worstExcess <= 0, checked, worstExcess, worst);
    }

    /** The directional check along one random direction: cheap for large inputs (convolutions, recurrences). */
    public static Report directional(Function<List<Tensor>, Tensor> f, List<NdArray> inputs, Options options) {
        List<NdArray> points = copies(inputs);
        NdArray u = cotangent(f, points, options.seed());
        List<NdArray> analytic = pullback(f, points, u);
        SplittableRandom random = new SplittableRandom(options.seed() + 1);
        List<float[]> directions = new ArrayList<>();
        double predicted = 0;
        for (int i = 0; i < points.size(); i++) {
            float[] v = new float[points.get(i).size()];
            float[] a = analytic.get(i).toArray();
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (random.nextDouble() * 2 - 1);
                predicted += (double) a[j] * v[j];
            }
            directions.add(v);
        }
        double plus = objective(f, shifted(points, directions, options.eps()), u);
        double minus = objective(f, shifted(points, directions, -options.eps()), u);
        double numeric = (plus - minus) / (2 * options.eps());
        double excess = Math.abs(predicted - numeric)
                - (options.atol() + options.rtol() * Math.max(Math.abs(predicted), Math.abs(numeric)));
        return new Report(
                excess <= 0, 1, excess, "<pullback(u), v> = " + predicted + ", directional difference " + numeric);
    }

    /**
     * Checks a layer-like function against central differences with respect to its input <em>and</em> its own leaf
     * tensors ({@code parameters}, whose values are perturbed in place and restored). The input is entry 0 of the
     * report's numbering, the parameters follow in order.
     */
    public static Report checkParameters(
            Function<Tensor, Tensor> forward, NdArray input, List<? extends Tensor> parameters, Options options) {
        Tensor x = Tensor.variable(input.copy());
        parameters.forEach(Tensor::zeroGrad);
        Tensor y0;
        try (NoGrad scope = NoGrad.enter()) {
            y0 = forward.apply(Tensor.constant(input));
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        float[] uValues = new float[y0.shape().size()];
        for (int i = 0; i < uValues.length; i++) {
            uValues[i] = (float) (0.5 + random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
        }
        NdArray u = NdArray.wrap(uValues, y0.shape());
        forward.apply(x).backward(u);
        List<float[]> points = new ArrayList<>();
        List<float[]> analytic = new ArrayList<>();
        NdArray point = input.copy();
        points.add(point.buffer());
        analytic.add(x.grad() == null ? new float[input.size()] : x.grad().toArray());
        for (Tensor p : parameters) {
            points.add(p.value().buffer());
            analytic.add(
                    p.grad() == null ? new float[p.value().size()] : p.grad().toArray());
            p.zeroGrad();
        }
        Function<List<Tensor>, Tensor> f = xs -> forward.apply(xs.get(0));
        return compare(f, List.of(point), u, points, analytic, options, i -> i == 0 ? "input" : "parameter " + (i - 1));
    }

    private static List<NdArray> copies(List<NdArray> inputs) {
        return inputs.stream().map(NdArray::copy).toList();
    }

    private static List<NdArray> shifted(List<NdArray> points, List<float[]> directions, double eps) {
        List<NdArray> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            NdArray p = points.get(i).copy();
            float[] x = p.buffer(), v = directions.get(i);
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (x[j] + eps * v[j]);
            }
            out.add(p);
        }
        return out;
    }

    private static NdArray cotangent(Function<List<Tensor>, Tensor> f, List<NdArray> points, long seed) {
        NdArray y;
        try (NoGrad scope = NoGrad.enter()) {
            y = f.apply(points.stream().map(Tensor::constant).toList()).value();
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] u = new float[y.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) (0.5 + random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
        }
        return NdArray.wrap(u, y.shape());
    }

    private static List<NdArray> pullback(Function<List<Tensor>, Tensor> f, List<NdArray> points, NdArray u) {
        List<Tensor> variables =
                points.stream().map(p -> Tensor.variable(p.copy())).toList();
        Tensor y = f.apply(variables);
        if (y.requiresGrad()) {
            y.backward(u);
        }
        List<NdArray> grads = new ArrayList<>();
        for (Tensor v : variables) {
            grads.add(v.grad() == null ? NdArray.zeros(v.shape()) : v.grad());
        }
        return grads;
    }

    /** {@code sum(u * f(x))}, summed in double. */
    private static double objective(Function<List<Tensor>, Tensor> f, List<NdArray> points, NdArray u) {
        float[] y;
        try (NoGrad scope = NoGrad.enter()) {
            y = f.apply(points.stream().map(Tensor::constant).toList()).value().toArray();
        }
        float[] w = u.toArray();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) w[i] * y[i];
        }
        return sum;
    }
}
