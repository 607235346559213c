package dev.backprop.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes one CSV row per epoch ({@code epoch} then the logs' keys), as Keras's {@code CSVLogger}. */
public final class CsvLogger implements Callback {
    private final Path file;
    private List<String> columns;

    public CsvLogger(Path file) {
        this.file = file;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        columns = null;
    }

    @Override
    public void onEpochEnd(TrainingState state, Map<String, Double> logs) {
        try {
            if (columns == null) {
                columns = new ArrayList<>(logs.keySet());
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                Files.writeString(file, "epoch," + String.join(",", columns) + "\n", StandardCharsets.UTF_8);
            }
            StringBuilder row = new StringBuilder().append(state.epoch() + 1);
            for (String c : columns) {
                Double v = logs.get(c);
                row.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
            }
            Files.writeString(file, row.append('\n'), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CSV logger: could not write " + file, e);
        }
    }
}
