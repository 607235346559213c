package dev.backprop.train;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when the monitored value has not improved for {@code patience}
 * epochs, never going below {@code minimum}, as Keras's {@code ReduceLROnPlateau}.
 */
public final class ReduceLrOnPlateau implements Callback {
    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final double minimum;
    private int wait;

    public ReduceLrOnPlateau(String monitor, double factor, int patience, double minimum) {
        if (!(factor > 0 && factor < 1) || patience < 0 || minimum < 0) {
            throw new IllegalArgumentException(
                    "ReduceLrOnPlateau: factor must be in (0, 1), patience and minimum >= 0");
        }
        this.monitor = new Monitor(monitor, Mode.AUTO, 1e-4);
        this.factor = factor;
        this.patience = patience;
        this.minimum = minimum;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        monitor.reset();
        wait = 0;
    }

    @Override
    public void onEpochEnd(TrainingState state, Map<String, Double> logs) {
        if (monitor.improved(monitor.value(logs, "ReduceLrOnPlateau"))) {
            wait = 0;
        } else if (++wait >= patience) {
            double lr = state.optimizer().learningRate();
            state.optimizer().setLearningRate(Math.max(minimum, lr * factor));
            wait = 0;
        }
    }
}
