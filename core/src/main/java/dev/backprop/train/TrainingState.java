package dev.backprop.train;

import dev.backprop.nn.Layer;
import dev.backprop.optim.Optimizer;

/** What callbacks see and may change during {@link Trainer#fit}: progress, the model, the optimiser, a stop request. */
public final class TrainingState {
    private final Layer model;
    private final Optimizer<?> optimizer;
    private final int epochs;
    private final int batchesPerEpoch;
    private final History history;
    int epoch;
    long samplesSeen;
    private String stopReason;

    TrainingState(Layer model, Optimizer<?> optimizer, int epochs, int batchesPerEpoch, History history) {
        this.model = model;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.history = history;
    }

    public Layer model() {
        return model;
    }

    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /** The current epoch, from 0. */
    public int epoch() {
        return epoch;
    }

    public int epochs() {
        return epochs;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Training examples processed so far in this epoch. */
    public long samplesSeen() {
        return samplesSeen;
    }

    public History history() {
        return history;
    }

    /** Asks the loop to stop after the current batch; the first reason given is kept. */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean stopRequested() {
        return stopReason != null;
    }

    /** Why training stopped early, or null. */
    public String stopReason() {
        return stopReason;
    }
}
