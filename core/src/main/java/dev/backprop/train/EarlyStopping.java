package dev.backprop.train;

import dev.backprop.array.NdArray;
import dev.backprop.nn.Layers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when a monitored value has not improved by more than {@code minDelta} for {@code patience} epochs,
 * as Keras's {@code EarlyStopping}; optionally restores the weights of the best epoch when training ends. State is
 * reset in {@code onTrainBegin}, so one instance can serve several fits.
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBest;
    private int wait;
    private int bestEpoch;
    private Map<String, NdArray> bestWeights;

    public EarlyStopping(String monitor, int patience, double minDelta, Mode mode, boolean restoreBest) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        }
        this.monitor = new Monitor(monitor, mode, minDelta);
        this.patience = patience;
        this.restoreBest = restoreBest;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        monitor.reset();
        wait = 0;
        bestEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(TrainingState state, Map<String, Double> logs) {
        double value = monitor.value(logs, "EarlyStopping");
        if (monitor.improved(value)) {
            wait = 0;
            bestEpoch = state.epoch();
            if (restoreBest) {
                bestWeights = snapshot(state);
            }
        } else if (++wait >= patience) {
            state.requestStop(String.format(
                    java.util.Locale.ROOT,
                    "early stopping: %s did not improve for %d epochs (best %.6g at epoch %d)",
                    monitor.name(),
                    wait,
                    monitor.best(),
                    bestEpoch + 1));
        }
    }

    @Override
    public void onTrainEnd(TrainingState state) {
        if (restoreBest && bestWeights != null) {
            Layers.loadStateDict(state.model(), bestWeights);
        }
    }

    /** The epoch (from 0) with the best monitored value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    private static Map<String, NdArray> snapshot(TrainingState state) {
        Map<String, NdArray> copy = new LinkedHashMap<>();
        Layers.stateDict(state.model()).forEach((k, v) -> copy.put(k, v.copy()));
        return copy;
    }
}
