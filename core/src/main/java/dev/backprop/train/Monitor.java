package dev.backprop.train;

import java.util.Map;

/** Reads one value from the epoch logs and says whether it improved, for early stopping, checkpoints and plateaus. */
final class Monitor {
    /** Whether lower ({@code MIN}) or higher ({@code MAX}) is better; {@code AUTO} is MAX for accuracy-like names. */
    enum Direction {
        MIN,
        MAX
    }

    private final String name;
    private final Direction direction;
    private final double minDelta;
    private double best;

    Monitor(String name, Mode mode, double minDelta) {
        this.name = name;
        this.direction = switch (mode) {
            case MIN -> Direction.MIN;
            case MAX -> Direction.MAX;
            case AUTO ->
                name.contains("acc") || name.contains("f1") || name.contains("precision") || name.contains("recall")
                        ? Direction.MAX
                        : Direction.MIN;
        };
        this.minDelta = Math.abs(minDelta);
        reset();
    }

    void reset() {
        best = direction == Direction.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    double value(Map<String, Double> logs, String who) {
        Double v = logs.get(name);
        if (v == null) {
            throw new IllegalStateException(who + " monitors '" + name + "' but the epoch logs have only "
                    + logs.keySet() + " (validation metrics need validation data)");
        }
        return v;
    }

    /** True, and remembers it, when {@code value} beats the best so far by more than minDelta. */
    boolean improved(double value) {
        boolean better = direction == Direction.MIN ? value < best - minDelta : value > best + minDelta;
        if (better) {
            best = value;
        }
        return better;
    }

    double best() {
        return best;
    }

    String name() {
        return name;
    }
}
