package dev.backprop.train;

import dev.backprop.array.NdArray;
import dev.backprop.data.Batch;
import dev.backprop.data.DataLoader;
import dev.backprop.data.Dataset;
import dev.backprop.loss.Loss;
import dev.backprop.metrics.Metric;
import dev.backprop.nn.Layer;
import dev.backprop.nn.Phase;
import dev.backprop.optim.Optimizer;
import dev.backprop.tensor.NoGrad;
import dev.backprop.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop, as Keras's {@code fit}, {@code evaluate} and {@code predict}: batches shuffled from a seed, one
 * optimiser step per batch, metrics per epoch, validation, and callbacks for everything else (early stopping,
 * checkpoints, logging, progress).
 *
 * {@snippet :
 * Trainer trainer = new Trainer(model, new CrossEntropy(), new Adam(Layers.parameters(model)))
 *         .metrics(new Accuracy())
 *         .callbacks(new EarlyStopping("val_loss", 3, 0, EarlyStopping.Mode.MIN, true));
 * History history = trainer.fit(train, validation, new Trainer.Options(10, 128, 42));
 * }
 *
 * A custom loop is five lines: {@code forward}, the loss, {@code backward()}, {@code optimizer.step()},
 * {@code optimizer.zeroGrad()}.
 */
public final class Trainer {
    /**
     * Epochs, batch size, and the seed of the shuffling. The shuffling draws from a stream split off {@code new
     * SplittableRandom(seed)}, not from that generator itself, so that a model initialised from {@code new
     * SplittableRandom(seed)} (the usual pattern, one seed for a run) is not shuffled by the very numbers its weights
     * and dropout masks were drawn from.
     */
    public record Options(int epochs, int batchSize, long seed) {
        public Options {
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException(
                        "fit: epochs and batch size must be >= 1, got " + epochs + " and " + batchSize);
            }
        }
    }

    private final Layer model;
    private final Loss loss;
    private final Optimizer<?> optimizer;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();

    public Trainer(Layer model, Loss loss, Optimizer<?> optimizer) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    public Trainer metrics(Metric... added) {
        metrics.addAll(List.of(added));
        return this;
    }

    public Trainer callbacks(Callback... added) {
        callbacks.addAll(List.of(added));
        return this;
    }

    public Layer model() {
        return model;
    }

    /** Trains for {@code options.epochs()} epochs (fewer if a callback stops it); {@code validation} may be null. */
    public History fit(Dataset train, Dataset validation, Options options) {
        SplittableRandom shuffling = new SplittableRandom(options.seed()).split();
        DataLoader loader = new DataLoader(train, options.batchSize(), true, shuffling);
        History history = new History();
        TrainingState state = new TrainingState(model, optimizer, options.epochs(), loader.batches(), history);
        callbacks.forEach(c -> c.onTrainBegin(state));
        for (int epoch = 0; epoch < options.epochs() && !state.stopRequested(); epoch++) {
            state.epoch = epoch;
            state.samplesSeen = 0;
            callbacks.forEach(c -> c.onEpochBegin(state));
            Map<String, Double> logs = trainEpoch(loader, state);
            if (validation != null && !state.stopRequested()) {
                evaluate(validation, options.batchSize()).forEach((k, v) -> logs.put("val_" + k, v));
            }
            logs.put("lr", optimizer.learningRate());
            history.add(logs);
            callbacks.forEach(c -> c.onEpochEnd(state, logs));
        }
        history.stopped(state.stopReason());
        callbacks.forEach(c -> c.onTrainEnd(state));
        return history;
    }

    private Map<String, Double> trainEpoch(DataLoader loader, TrainingState state) {
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long seen = 0;
        int b = 0;
        for (Batch batch : loader) {
            double value = trainBatch(batch);
            lossSum += value * batch.size();
            seen += batch.size();
            state.samplesSeen = seen;
            int index = b++;
            callbacks.forEach(c -> c.onBatchEnd(state, index, value));
            if (state.stopRequested()) {
                break;
            }
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / Math.max(1, seen));
        metrics.forEach(m -> logs.put(m.name(), m.result()));
        return logs;
    }

    /** One optimiser step on one batch; returns the batch loss. */
    private double trainBatch(Batch batch) {
        Tensor output = model.forward(Tensor.constant(batch.features()), Phase.TRAIN);
        Tensor value = loss.apply(output, batch.targets());
        optimizer.zeroGrad();
        value.backward();
        optimizer.step();
        for (Metric m : metrics) {
            m.update(output.value(), batch.targets());
        }
        return value.item();
    }

    /** Loss and metrics over {@code data} in evaluation mode, without recording a graph. */
    public Map<String, Double> evaluate(Dataset data, int batchSize) {
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long seen = 0;
        try (NoGrad scope = NoGrad.enter()) {
            for (Batch batch : new DataLoader(data, batchSize, false, null)) {
                Tensor output = model.forward(Tensor.constant(batch.features()), Phase.EVAL);
                lossSum += loss.apply(output, batch.targets()).item() * batch.size();
                seen += batch.size();
                for (Metric m : metrics) {
                    m.update(output.value(), batch.targets());
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", lossSum / Math.max(1, seen));
        metrics.forEach(m -> out.put(m.name(), m.result()));
        return out;
    }

    /** The model's outputs for {@code features} in evaluation mode, batch by batch, concatenated. */
    public NdArray predict(NdArray features, int batchSize) {
        return predict(model, features, batchSize);
    }

    /** As {@link #predict(NdArray, int)} for any model. */
    public static NdArray predict(Layer model, NdArray features, int batchSize) {
        List<NdArray> outputs = new ArrayList<>();
        int n = features.shape().dim(0);
        try (NoGrad scope = NoGrad.enter()) {
            for (int from = 0; from < n; from += batchSize) {
                int len = Math.min(batchSize, n - from);
                outputs.add(model.forward(Tensor.constant(features.narrow(0, from, len)), Phase.EVAL)
                        .value());
            }
        }
        return NdArray.concat(0, outputs);
    }
}
