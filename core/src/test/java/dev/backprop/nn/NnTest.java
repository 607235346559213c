package dev.backprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NnTest {
    static double[] meanAndStd(NdArray a) {
        double s = 0, q = 0;
        float[] v = a.toArray();
        for (float x : v) {
            s += x;
            q += (double) x * x;
        }
        double mean = s / v.length;
        return new double[] {mean, Math.sqrt(q / v.length - mean * mean)};
    }

    /**
     * A seeded run repeats bit for bit: the second run starts with the kernels compiled, the first did not, and the
     * chunks of the parallel loops are the same on the worker team and inline.
     */
    @Test
    void aSeededTrainingRunRepeatsBitForBit() {
        float[] first = trainBriefly(), second = trainBriefly();
        assertArrayEquals(first, second, 0f);
    }

    private static float[] trainBriefly() {
        SplittableRandom rng = new SplittableRandom(8);
        Sequential model = new Sequential(
                new Conv2d(Conv2d.Spec.of(1, 4, 3).activation(Activation.Kind.RELU), rng),
                new MaxPool2d(2),
                new Dropout(0.25f, rng),
                new Flatten(),
                new Dense(100, 10, rng));
        SplittableRandom data = new SplittableRandom(9);
        NdArray x = NdArray.uniform(Shape.of(32, 1, 12, 12), 0, 1, data);
        float[] labels = new float[32];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.nextInt(10);
        }
        dev.backprop.optim.Adam adam = new dev.backprop.optim.Adam(Layers.parameters(model), 1e-2);
        for (int step = 0; step < 200; step++) {
            adam.zeroGrad();
            new dev.backprop.loss.CrossEntropy()
                    .apply(model.forward(Tensor.constant(x), Phase.TRAIN), NdArray.of(labels))
                    .backward();
            adam.step();
        }
        return Layers.parameters(model).stream().map(p -> p.value().toArray()).reduce(new float[0], (a, b) -> {
            float[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            return joined;
        });
    }

    @Test
    void initialisersFollowTheirFormulas() {
        SplittableRandom rng = new SplittableRandom(1);
        Shape shape = Shape.of(400, 300);
        int in = 400, out = 300;
        assertEquals(0f, Init.zeros().create(shape, in, out, rng).abs().max().item());
        assertEquals(0.5f, Init.constant(0.5f).create(shape, in, out, rng).min().item());
        assertEquals(0.2, meanAndStd(Init.normal(0.2f).create(shape, in, out, rng))[1], 0.01);
        NdArray u = Init.uniform(-0.3f, 0.1f).create(shape, in, out, rng);
        assertTrue(u.min().item() >= -0.3f && u.max().item() < 0.1f);
        double glorot = Math.sqrt(6.0 / (in + out)), he = Math.sqrt(6.0 / in);
        NdArray gu = Init.glorotUniform().create(shape, in, out, rng);
        assertEquals(glorot, gu.abs().max().item(), 0.01 * glorot);
        assertEquals(glorot / Math.sqrt(3), meanAndStd(gu)[1], 0.02 * glorot); // std of U(-a, a) is a / sqrt 3
        assertEquals(
                Math.sqrt(2.0 / (in + out)), meanAndStd(Init.glorotNormal().create(shape, in, out, rng))[1], 0.002);
        assertEquals(he / Math.sqrt(3), meanAndStd(Init.heUniform().create(shape, in, out, rng))[1], 0.02 * he);
        assertEquals(Math.sqrt(2.0 / in), meanAndStd(Init.heNormal().create(shape, in, out, rng))[1], 0.002);
        Conv2d conv = new Conv2d(Conv2d.Spec.of(4, 8, 3), Init.heUniform(), rng); // fan-in 4*3*3 = 36
        assertEquals(
                Math.sqrt(6.0 / 36),
                conv.parameters().get(0).value().abs().max().item(),
                0.02);
    }

    @Test
    void nestedModelsNameParametersByPath() {
        SplittableRandom rng = new SplittableRandom(1);
        Sequential features = new Sequential(new Dense(4, 3, rng), Activation.relu());
        Sequential model = new Sequential(features, new BatchNorm(3), new Dense(3, 2, rng));
        assertEquals(
                List.of("0.0.weight", "0.0.bias", "1.weight", "1.bias", "2.weight", "2.bias"),
                List.copyOf(Layers.namedParameters(model).keySet()));
        assertTrue(Layers.stateDict(model).containsKey("1.running_mean"));
        assertEquals(4 * 3 + 3 + 3 + 3 + 3 * 2 + 2, Layers.parameterCount(model));
    }

    @Test
    void summaryListsLayersShapesAndTotals() {
        SplittableRandom rng = new SplittableRandom(1);
        Sequential cnn = new Sequential(
                new Conv2d(new Conv2d.Spec(0, 8, 3, 1, Conv2d.Padding.SAME, 0, 1, 1, true, null), rng),
                Activation.relu(),
                new MaxPool2d(2),
                new Flatten(),
                new Dense(10, rng));
        String table = Summary.of(cnn, Shape.of(1, 3, 8, 8));
        assertTrue(table.contains("0 (Conv2d)") && table.contains("[N, 8, 8, 8]") && table.contains("224"), table);
        assertTrue(table.contains("[N, 128]") && table.contains("1,290"), table); // Dense 128 -> 10 inferred
        assertTrue(table.contains("Total params: 1,514"), table);
        assertEquals(3, cnn.layers().get(0) instanceof Conv2d c ? c.spec().inChannels() : -1); // inferred channels
    }

    @Test
    void batchNormTracksRunningStatisticsWithMomentum() {
        BatchNorm bn = new BatchNorm(2, 0.1f, 1e-5f);
        NdArray x = NdArray.of(new float[] {1, 10, 3, 20, 5, 30}, 3, 2); // per feature: means 3 and 20
        NdArray y = bn.forward(Tensor.constant(x), Phase.TRAIN).value();
        assertArrayEquals(new float[] {0, 0}, y.mean(new int[] {0}, false).toArray(), 1e-5f);
        assertArrayEquals(
                new float[] {0.3f, 2f}, bn.buffers().get("running_mean").toArray(), 1e-5f);
        // unbiased batch variances 4 and 100: running = 0.9 * 1 + 0.1 * var
        assertArrayEquals(
                new float[] {1.3f, 10.9f}, bn.buffers().get("running_var").toArray(), 1e-4f);
        NdArray eval = bn.forward(Tensor.constant(x), Phase.EVAL).value();
        assertEquals((1 - 0.3) / Math.sqrt(1.3 + 1e-5), eval.get(0, 0), 1e-4);
        assertThrows(
                IllegalArgumentException.class, () -> bn.forward(Tensor.constant(NdArray.zeros(3, 5)), Phase.TRAIN));
    }

    @Test
    void layerErrorsNameTheLayerAndShapes() {
        Sequential model = new Sequential(new Dense(4, 2, new SplittableRandom(1)));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> model.forward(Tensor.constant(NdArray.zeros(2, 5)), Phase.EVAL));
        assertTrue(e.getMessage().contains("layer 0 (Dense)") && e.getMessage().contains("[2, 5]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new Dense(3, new SplittableRandom(1)).parameters());
    }

    @Test
    void sequentialFusesAConvolutionWithTheMaxPoolAfterIt() {
        SplittableRandom rng = new SplittableRandom(3);
        NdArray x = NdArray.uniform(Shape.of(4, 2, 9, 9), -1, 1, rng);
        List<List<Layer>> stacks = List.of(
                List.of(new Conv2d(Conv2d.Spec.of(2, 3, 3), rng), Activation.relu(), new MaxPool2d(2)),
                List.of(
                        new Conv2d(Conv2d.Spec.of(2, 3, 3).activation(Activation.Kind.RELU), rng),
                        new MaxPool2d(3, 2, 1)),
                List.of(new Conv2d(Conv2d.Spec.of(2, 3, 3).padding(1), rng), new MaxPool2d(2)),
                // a dropout after the pool, or right after the convolution; its seed fixed so both passes match
                List.of(
                        new Conv2d(Conv2d.Spec.of(2, 3, 3), rng),
                        Activation.relu(),
                        new MaxPool2d(2),
                        new Dropout(0.3f, (java.util.random.RandomGenerator) () -> 42L)),
                List.of(new Conv2d(Conv2d.Spec.of(2, 3, 3), rng), new Dropout(0.5f, (java.util.random.RandomGenerator)
                        () -> 7L)));
        for (List<Layer> stack : stacks) {
            Sequential model = new Sequential(stack.toArray(Layer[]::new));
            Tensor fused = model.forward(Tensor.constant(x), Phase.TRAIN);
            assertTrue(fused.toString().contains("gradFn=Conv2d"), "one fused op: " + fused);
            Tensor separate = Tensor.constant(x);
            for (Layer layer : stack) {
                separate = layer.forward(separate, Phase.TRAIN);
            }
            assertTrue(fused.value().allClose(separate.value(), 1e-5f), stack + ": values differ");
            NdArray upstream = NdArray.uniform(fused.shape(), -1, 1, rng);
            fused.backward(upstream);
            List<NdArray> fusedGrads =
                    Layers.parameters(model).stream().map(p -> p.grad().copy()).toList();
            Layers.parameters(model).forEach(Tensor::zeroGrad);
            separate.backward(upstream);
            for (int i = 0; i < fusedGrads.size(); i++) {
                assertTrue(
                        fusedGrads
                                .get(i)
                                .allClose(Layers.parameters(model).get(i).grad(), 1e-4f),
                        "gradient " + i);
            }
        }
        // in evaluation the fused dropout is the identity
        Conv2d conv = new Conv2d(Conv2d.Spec.of(2, 3, 3), rng);
        NdArray withDropout = new Sequential(conv, new MaxPool2d(2), new Dropout(0.5f, rng))
                .forward(Tensor.constant(x), Phase.EVAL)
                .value();
        assertTrue(withDropout.allClose(
                new Sequential(conv, new MaxPool2d(2))
                        .forward(Tensor.constant(x), Phase.EVAL)
                        .value(),
                0f));
        // a tanh convolution, or a pool that is not next, stays separate
        Sequential tanh = new Sequential(
                new Conv2d(Conv2d.Spec.of(2, 3, 3).activation(Activation.Kind.TANH), rng), new MaxPool2d(2));
        assertTrue(tanh.forward(Tensor.constant(x), Phase.TRAIN).toString().contains("gradFn=MaxPool2d"));
        Sequential apart =
                new Sequential(new Conv2d(Conv2d.Spec.of(2, 3, 3), rng), new Dropout(0.5f, rng), new MaxPool2d(2));
        assertTrue(apart.forward(Tensor.constant(x), Phase.TRAIN).toString().contains("gradFn=MaxPool2d"));
    }
}
