package dev.backprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.io.ModelFile;
import dev.backprop.tensor.GradCheck;
import dev.backprop.tensor.NoGrad;
import dev.backprop.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one contract every layer passes (STYLE.md section 7). */
class LayerContractTest {
    /**
     * A layer made from a seed, an input shape, the expected output shape and parameter names, whether TRAIN and EVAL
     * differ, and whether the gradient is checked in TRAIN (deterministic layers) or EVAL (dropout).
     */
    record LayerCase(
            String name,
            LongFunction<Layer> make,
            Shape input,
            Shape output,
            List<String> parameterNames,
            boolean phasesDiffer,
            boolean checkInTrain) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<LayerCase> cases() {
        List<LayerCase> c = new ArrayList<>();
        List<String> wb = List.of("weight", "bias");
        c.add(new LayerCase(
                "Dense",
                s -> new Dense(5, 3, new SplittableRandom(s)),
                Shape.of(4, 5),
                Shape.of(4, 3),
                wb,
                false,
                true));
        c.add(new LayerCase(
                "Dense lazy",
                s -> new Sequential(new Dense(3, new SplittableRandom(s))),
                Shape.of(2, 6),
                Shape.of(2, 3),
                List.of("0.weight", "0.bias"),
                false,
                true));
        c.add(new LayerCase(
                "Conv2d",
                s -> new Conv2d(Conv2d.Spec.of(2, 3, 3), new SplittableRandom(s)),
                Shape.of(2, 2, 5, 5),
                Shape.of(2, 3, 3, 3),
                wb,
                false,
                true));
        c.add(new LayerCase(
                "Conv2d stride padding dilation",
                s -> new Conv2d(Conv2d.Spec.of(2, 2, 3).stride(2).padding(2).dilation(2), new SplittableRandom(s)),
                Shape.of(1, 2, 6, 6),
                Shape.of(1, 2, 3, 3),
                wb,
                false,
                true));
        c.add(new LayerCase(
                "Conv2d same groups",
                s -> new Conv2d(
                        Conv2d.Spec.of(4, 6, 3).padding(Conv2d.Padding.SAME).groups(2), new SplittableRandom(s)),
                Shape.of(1, 4, 4, 4),
                Shape.of(1, 6, 4, 4),
                wb,
                false,
                true));
        c.add(new LayerCase(
                "Conv2d depthwise no bias",
                s -> new Conv2d(Conv2d.Spec.of(3, 3, 3).groups(3).bias(false), new SplittableRandom(s)),
                Shape.of(2, 3, 4, 4),
                Shape.of(2, 3, 2, 2),
                List.of("weight"),
                false,
                true));
        c.add(new LayerCase(
                "MaxPool2d",
                s -> new MaxPool2d(2),
                Shape.of(2, 3, 4, 6),
                Shape.of(2, 3, 2, 3),
                List.of(),
                false,
                true));
        c.add(new LayerCase(
                "AvgPool2d",
                s -> new AvgPool2d(3, 2, 1),
                Shape.of(1, 2, 5, 5),
                Shape.of(1, 2, 3, 3),
                List.of(),
                false,
                true));
        c.add(new LayerCase(
                "GlobalAvgPool2d",
                s -> new GlobalAvgPool2d(),
                Shape.of(2, 3, 4, 4),
                Shape.of(2, 3),
                List.of(),
                false,
                true));
        c.add(new LayerCase(
                "Flatten", s -> new Flatten(), Shape.of(2, 3, 2, 2), Shape.of(2, 12), List.of(), false, true));
        c.add(new LayerCase(
                "Dropout",
                s -> new Dropout(0.5f, new SplittableRandom(s)),
                Shape.of(8, 16),
                Shape.of(8, 16),
                List.of(),
                true,
                false));
        c.add(new LayerCase("BatchNorm 1-D", s -> new BatchNorm(4), Shape.of(6, 4), Shape.of(6, 4), wb, true, true));
        c.add(new LayerCase(
                "BatchNorm 2-D", s -> new BatchNorm(3), Shape.of(2, 3, 3, 3), Shape.of(2, 3, 3, 3), wb, true, true));
        c.add(new LayerCase("LayerNorm", s -> new LayerNorm(5), Shape.of(3, 5), Shape.of(3, 5), wb, false, true));
        for (Activation.Kind kind : Activation.Kind.values()) {
            c.add(new LayerCase(
                    "Activation " + kind,
                    s -> new Activation(kind, 0.1f),
                    Shape.of(3, 4),
                    Shape.of(3, 4),
                    List.of(),
                    false,
                    true));
        }
        c.add(new LayerCase(
                "Sequential CNN",
                s -> {
                    SplittableRandom rng = new SplittableRandom(s);
                    // smooth activations: hidden relu kinks and max-pool ties would move under a weight step of eps
                    return new Sequential(
                            new Conv2d(Conv2d.Spec.of(1, 2, 3), rng),
                            Activation.tanh(),
                            new AvgPool2d(2, 2, 0),
                            new Dropout(0.25f, rng),
                            new Flatten(),
                            new Dense(3, rng));
                },
                Shape.of(2, 1, 6, 6),
                Shape.of(2, 3),
                List.of("0.weight", "0.bias", "5.weight", "5.bias"),
                true,
                false));
        return c.stream();
    }

    /** A shuffled ramp with spacing 0.05 centred on 0 but never at it: no max-pool ties, no relu kinks within eps. */
    private static NdArray input(LayerCase c) {
        int n = c.input().size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - n / 2 + 0.5f) * 0.05f;
        }
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return NdArray.wrap(v, c.input());
    }

    private static Layer built(LayerCase c, long seed) {
        Layer layer = c.make().apply(seed);
        Layers.build(layer, c.input());
        return layer;
    }

    private static NdArray run(Layer layer, NdArray x, Phase phase) {
        try (NoGrad scope = NoGrad.enter()) {
            return layer.forward(Tensor.constant(x), phase).value();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputShapeAndParameterNames(LayerCase c) {
        Layer layer = built(c, 1);
        assertEquals(c.output(), run(layer, input(c), Phase.EVAL).shape());
        assertEquals(
                c.parameterNames(), List.copyOf(Layers.namedParameters(layer).keySet()));
        long count = Layers.parameters(layer).stream()
                .mapToLong(p -> p.value().size())
                .sum();
        assertEquals(count, Layers.parameterCount(layer));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchCentralDifferences(LayerCase c) {
        Layer layer = built(c, 1);
        Phase phase = c.checkInTrain() ? Phase.TRAIN : Phase.EVAL;
        GradCheck.Report r = GradCheck.checkParameters(
                x -> layer.forward(x, phase), input(c), Layers.parameters(layer), GradCheck.Options.defaults());
        assertTrue(r.passed(), c + ": " + r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void saveAndLoadGiveIdenticalOutput(LayerCase c, @TempDir Path dir) throws Exception {
        Layer layer = built(c, 1);
        run(layer, input(c), Phase.TRAIN); // moves BatchNorm's running statistics off their start
        ModelFile.save(dir.resolve("model"), layer, Map.of("test", "yes"));
        ModelFile.Loaded loaded = ModelFile.load(dir.resolve("model"));
        assertArrayEquals(
                run(layer, input(c), Phase.EVAL).toArray(),
                run(loaded.model(), input(c), Phase.EVAL).toArray());
        assertEquals("yes", loaded.metadata().get("test"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainAndEvalDifferOnlyWhereTheyShould(LayerCase c) {
        Layer layer = built(c, 1);
        NdArray train = run(layer, input(c), Phase.TRAIN), eval = run(layer, input(c), Phase.EVAL);
        assertEquals(c.phasesDiffer(), !train.allClose(eval, 1e-6f), c.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameSeedSameOutput(LayerCase c) {
        assertArrayEquals(
                run(built(c, 5), input(c), Phase.TRAIN).toArray(),
                run(built(c, 5), input(c), Phase.TRAIN).toArray());
        if (!c.parameterNames().isEmpty()
                && !c.name().startsWith("BatchNorm")
                && !c.name().startsWith("LayerNorm")) {
            assertFalse(run(built(c, 5), input(c), Phase.EVAL).allClose(run(built(c, 6), input(c), Phase.EVAL), 1e-6f));
        }
    }
}
