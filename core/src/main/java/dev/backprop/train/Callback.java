package dev.backprop.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}; every hook is a no-op by default. {@code logs} holds the epoch's metrics ({@code
 * loss}, {@code accuracy}, {@code val_loss}, ...). A callback stops training with {@link TrainingState#requestStop}.
 */
public interface Callback {
    default void onTrainBegin(TrainingState state) {}

    default void onEpochBegin(TrainingState state) {}

    default void onBatchEnd(TrainingState state, int batch, double loss) {}

    default void onEpochEnd(TrainingState state, Map<String, Double> logs) {}

    default void onTrainEnd(TrainingState state) {}
}
