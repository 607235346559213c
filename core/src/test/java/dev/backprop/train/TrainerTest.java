package dev.backprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.data.ArrayDataset;
import dev.backprop.io.ModelFile;
import dev.backprop.loss.CrossEntropy;
import dev.backprop.loss.MeanSquaredError;
import dev.backprop.metrics.Accuracy;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Dense;
import dev.backprop.nn.Layer;
import dev.backprop.nn.Layers;
import dev.backprop.nn.Parameter;
import dev.backprop.nn.Phase;
import dev.backprop.nn.Sequential;
import dev.backprop.optim.Adam;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Sgd;
import dev.backprop.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    static ArrayDataset xor() {
        return new ArrayDataset(
                NdArray.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2), NdArray.of(new float[] {0, 1, 1, 0}));
    }

    /** Two interleaved spirals, {@code perClass} points each, 1.5 turns (Lang and Witbrock, 1988). */
    static ArrayDataset spirals(int perClass, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[4 * perClass];
        float[] y = new float[2 * perClass];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < perClass; i++) {
                double t = 0.25 + 3 * Math.PI * i / perClass, r = t / (3 * Math.PI);
                int n = c * perClass + i;
                double angle = t + c * Math.PI;
                x[2 * n] = (float) (r * Math.cos(angle) + rng.nextGaussian() * 0.01);
                x[2 * n + 1] = (float) (r * Math.sin(angle) + rng.nextGaussian() * 0.01);
                y[n] = c;
            }
        }
        return new ArrayDataset(NdArray.of(x, 2 * perClass, 2), NdArray.of(y));
    }

    static Sequential mlp(long seed, int hidden) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Sequential(
                new Dense(2, hidden, rng),
                Activation.tanh(),
                new Dense(hidden, hidden, rng),
                Activation.tanh(),
                new Dense(hidden, 2, rng));
    }

    @Test
    void mlpLearnsXor() {
        Sequential model = mlp(1, 8);
        Trainer trainer = new Trainer(model, new CrossEntropy(), new Adam(Layers.parameters(model), 0.05))
                .metrics(new Accuracy());
        History history = trainer.fit(xor(), null, new Trainer.Options(300, 4, 1));
        assertEquals(1.0, history.last().get("accuracy"));
        assertTrue(history.last().get("loss") < 0.05, history.last().toString());
    }

    @Test
    void mlpLearnsTwoSpirals() {
        ArrayDataset data = spirals(200, 3);
        SplittableRandom rng = new SplittableRandom(2); // relu: a tanh net at this input scale plateaus near 65%
        Sequential model = new Sequential(
                new Dense(2, 64, rng),
                Activation.relu(),
                new Dense(64, 64, rng),
                Activation.relu(),
                new Dense(64, 2, rng));
        Trainer trainer = new Trainer(model, new CrossEntropy(), new Adam(Layers.parameters(model), 0.01))
                .metrics(new Accuracy());
        trainer.fit(data, null, new Trainer.Options(400, 32, 2));
        double accuracy = trainer.evaluate(data, 400).get("accuracy");
        assertTrue(accuracy >= 0.99, "two spirals training accuracy " + accuracy);
    }

    @Test
    void sameSeedSameTraining() {
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            Sequential model = mlp(4, 16);
            losses[run] = new Trainer(model, new CrossEntropy(), new Adam(Layers.parameters(model), 0.01))
                    .fit(spirals(50, 1), null, new Trainer.Options(3, 16, 9))
                    .last()
                    .get("loss");
        }
        assertEquals(losses[0], losses[1]);
    }

    static double weightNorm(Layer model) {
        double s = 0;
        for (Parameter p : Layers.parameters(model)) {
            if (p.name().equals("weight")) {
                for (float v : p.value().toArray()) {
                    s += v * v;
                }
            }
        }
        return Math.sqrt(s);
    }

    @Test
    void l2PenaltyLowersTheWeightNorm() {
        double[] norms = new double[2];
        double[] lambdas = {0, 0.01};
        for (int i = 0; i < 2; i++) {
            Sequential model = mlp(5, 32);
            var opt = new Adam(Layers.parameters(model), 0.01).l2(lambdas[i]);
            new Trainer(model, new CrossEntropy(), opt).fit(spirals(100, 2), null, new Trainer.Options(60, 32, 1));
            norms[i] = weightNorm(model);
        }
        assertTrue(norms[1] < 0.8 * norms[0], "norm without L2 " + norms[0] + ", with " + norms[1]);
    }

    /** Replays a scripted validation loss so early stopping's decisions can be checked exactly. */
    static final class ScriptedLoss implements Callback {
        private final double[] script;

        ScriptedLoss(double... script) {
            this.script = script;
        }

        @Override
        public void onEpochEnd(TrainingState state, Map<String, Double> logs) {
            logs.put("val_loss", script[state.epoch()]);
        }
    }

    /** Records a weight after each epoch. */
    static final class WeightRecorder implements Callback {
        final List<Float> weights = new ArrayList<>();

        @Override
        public void onEpochEnd(TrainingState state, Map<String, Double> logs) {
            weights.add(Layers.parameters(state.model()).get(0).value().get(0, 0));
        }
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Sequential model = mlp(6, 8);
        WeightRecorder recorder = new WeightRecorder();
        EarlyStopping stopping = new EarlyStopping("val_loss", 2, 0.0, Mode.MIN, true);
        Trainer trainer = new Trainer(model, new CrossEntropy(), new Sgd(Layers.parameters(model), 0.1))
                .callbacks(new ScriptedLoss(1.0, 0.5, 0.6, 0.55, 0.7, 0.4, 0.3), recorder, stopping);
        History history = trainer.fit(xor(), null, new Trainer.Options(7, 2, 1));
        assertEquals(
                4, history.epochs().size()); // best at epoch 2 (0.5), then 0.6, 0.55: patience 2 runs out at epoch 4
        assertNotNull(history.stopReason());
        assertTrue(history.stopReason().contains("val_loss"), history.stopReason());
        assertEquals(1, stopping.bestEpoch());
        assertEquals(
                recorder.weights.get(1), Layers.parameters(model).get(0).value().get(0, 0));
    }

    @Test
    void earlyStoppingNamesAMissingMetric() {
        Sequential model = mlp(6, 8);
        Trainer trainer = new Trainer(model, new CrossEntropy(), new Sgd(Layers.parameters(model), 0.1))
                .callbacks(new EarlyStopping("val_accuracy", 1, 0, Mode.AUTO, false));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> trainer.fit(xor(), null, new Trainer.Options(2, 2, 1)));
        assertTrue(e.getMessage().contains("val_accuracy"), e.getMessage());
    }

    @Test
    void checkpointKeepsTheBestModelAndCsvLoggerWritesEveryEpoch(@TempDir Path dir) throws Exception {
        Sequential model = mlp(7, 8);
        Checkpoint checkpoint = new Checkpoint(dir.resolve("best"), "val_loss", Mode.MIN, true, Map.of("app", "test"));
        Trainer trainer = new Trainer(model, new CrossEntropy(), new Sgd(Layers.parameters(model), 0.1))
                .callbacks(new ScriptedLoss(0.9, 0.5, 0.7, 0.4), checkpoint, new CsvLogger(dir.resolve("log.csv")));
        trainer.fit(xor(), null, new Trainer.Options(4, 4, 1));
        assertEquals(3, checkpoint.saves());
        List<String> lines = Files.readAllLines(dir.resolve("log.csv"));
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).startsWith("epoch,loss"), lines.get(0));
        assertEquals("test", ModelFile.load(dir.resolve("best")).metadata().get("app"));
    }

    @Test
    void nanGuardStopsAtTheFirstNonFiniteLoss() {
        Sequential model = mlp(8, 8);
        ArrayDataset bad = new ArrayDataset(
                NdArray.of(new float[] {0, 0, Float.NaN, 1}, 2, 2), NdArray.of(new float[] {0, 1}, 2, 1));
        Trainer trainer = new Trainer(
                        new Sequential(model, new Dense(2, 1, new SplittableRandom(1))),
                        new MeanSquaredError(),
                        new Sgd(List.of(Layers.parameters(model).get(0)), 0.1))
                .callbacks(new NanGuard());
        History history = trainer.fit(bad, null, new Trainer.Options(5, 2, 1));
        assertEquals(1, history.epochs().size());
        assertTrue(history.stopReason().contains("epoch 1, batch 1"), history.stopReason());
    }

    @Test
    void schedulersChangeTheLearningRate() {
        Sequential model = mlp(9, 8);
        Adam adam = new Adam(Layers.parameters(model), 0.1);
        History history = new Trainer(model, new CrossEntropy(), adam)
                .callbacks(new LearningRateScheduler(LearningRateSchedule.step(1, 0.5)))
                .fit(xor(), null, new Trainer.Options(3, 4, 1));
        assertArrayEquals(new double[] {0.1, 0.05, 0.025}, history.metric("lr"), 1e-9);
        Sequential other = mlp(9, 8);
        Adam adam2 = new Adam(Layers.parameters(other), 0.1);
        new Trainer(other, new CrossEntropy(), adam2)
                .callbacks(new ScriptedLoss(1, 1, 1, 1, 1), new ReduceLrOnPlateau("val_loss", 0.5, 3, 0.01))
                .fit(xor(), null, new Trainer.Options(5, 4, 1));
        assertEquals(0.05, adam2.learningRate(), 1e-9); // reduced once: epochs 2 to 4 without improvement
    }

    @Test
    void validationAndProgressOutput() {
        ArrayDataset[] parts = spirals(50, 5).splitLast(0.2);
        assertEquals(80, parts[0].size());
        Sequential model = mlp(10, 8);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        History history = new Trainer(model, new CrossEntropy(), new Adam(Layers.parameters(model), 0.01))
                .metrics(new Accuracy())
                .callbacks(new ProgressBar(new PrintStream(buffer, true, StandardCharsets.UTF_8), false, 0))
                .fit(parts[0], parts[1], new Trainer.Options(2, 16, 1));
        assertTrue(history.last().containsKey("val_accuracy"), history.last().toString());
        assertNull(history.stopReason());
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("epoch 2/2") && out.contains("samples/s") && out.contains("val_loss"), out);
    }

    @Test
    void customLoopInFiveLines() {
        Sequential model = mlp(11, 8);
        Adam optimizer = new Adam(Layers.parameters(model), 0.05);
        NdArray x = xor().features(), y = xor().targets();
        double first = 0, last = 0;
        for (int step = 0; step < 200; step++) {
            Tensor loss = new CrossEntropy().apply(model.forward(Tensor.constant(x), Phase.TRAIN), y);
            loss.backward();
            optimizer.step();
            optimizer.zeroGrad();
            first = step == 0 ? loss.item() : first;
            last = loss.item();
        }
        assertTrue(last < first / 10, first + " -> " + last);
        assertEquals(Shape.of(4, 2), Trainer.predict(model, x, 3).shape());
    }
}
