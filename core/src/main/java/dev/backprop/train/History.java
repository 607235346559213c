package dev.backprop.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-epoch logs of a {@link Trainer#fit} run, like Keras's {@code History}; also why it stopped early, if it did. */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();
    private String stopReason;

    void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    void stopped(String reason) {
        this.stopReason = reason;
    }

    public List<Map<String, Double>> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** One metric over the epochs ({@code NaN} where an epoch lacks it). */
    public double[] metric(String name) {
        return epochs.stream()
                .mapToDouble(e -> e.getOrDefault(name, Double.NaN))
                .toArray();
    }

    /** The logs of the last epoch, or an empty map. */
    public Map<String, Double> last() {
        return epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1);
    }

    /** Why training ended before its last epoch, or null. */
    public String stopReason() {
        return stopReason;
    }
}
