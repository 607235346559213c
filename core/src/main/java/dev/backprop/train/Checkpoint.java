package dev.backprop.train;

import dev.backprop.io.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model folder ({@link ModelFile}) after each epoch, or with {@code bestOnly} only when the monitored value
 * improved, as Keras's {@code ModelCheckpoint(save_best_only=True)}. Each save is atomic.
 */
public final class Checkpoint implements Callback {
    private final Path dir;
    private final Monitor monitor;
    private final boolean bestOnly;
    private final Map<String, Object> metadata;
    private int saves;

    public Checkpoint(Path dir, String monitor, Mode mode, boolean bestOnly, Map<String, Object> metadata) {
        this.dir = dir;
        this.monitor = new Monitor(monitor, mode, 0);
        this.bestOnly = bestOnly;
        this.metadata = Map.copyOf(metadata);
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        monitor.reset();
        saves = 0;
    }

    @Override
    public void onEpochEnd(TrainingState state, Map<String, Double> logs) {
        if (bestOnly && !monitor.improved(monitor.value(logs, "Checkpoint"))) {
            return;
        }
        try {
            ModelFile.save(dir, state.model(), metadata);
            saves++;
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint: could not save the model to " + dir, e);
        }
    }

    /** How many times the model was saved. */
    public int saves() {
        return saves;
    }
}
