package dev.backprop.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Training progress: on a terminal a bar redrawn in place (batches, samples/s, ETA, running loss); otherwise a plain
 * line every {@code interval} seconds, so logs stay readable. Each epoch ends with a line of its metrics.
 */
public final class ProgressBar implements Callback {
    private final PrintStream out;
    private final boolean terminal;
    private final double intervalSeconds;
    private long epochStart;
    private long lastPrint;
    private double runningLoss;
    private int batchesDone;

    public ProgressBar(PrintStream out, boolean terminal, double intervalSeconds) {
        this.out = out;
        this.terminal = terminal;
        this.intervalSeconds = intervalSeconds;
    }

    /** A bar on standard output if it is a terminal, else a line every 10 seconds. */
    public static ProgressBar forStandardOutput() {
        return new ProgressBar(System.out, isTerminal(), 10);
    }

    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // Java 22+ returns a console even when redirected; isTerminal tells
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }

    @Override
    public void onEpochBegin(TrainingState state) {
        epochStart = System.nanoTime();
        lastPrint = epochStart;
        runningLoss = 0;
        batchesDone = 0;
    }

    @Override
    public void onBatchEnd(TrainingState state, int batch, double loss) {
        batchesDone = batch + 1;
        runningLoss += (loss - runningLoss) / batchesDone;
        long now = System.nanoTime();
        boolean due = terminal ? now - lastPrint > 100_000_000L : (now - lastPrint) / 1e9 >= intervalSeconds;
        if (due || batchesDone == state.batchesPerEpoch()) {
            lastPrint = now;
            String line = line(state, now);
            if (terminal) {
                out.print("\r" + line + "\u001b[K");
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    private String line(TrainingState state, long now) {
        double seconds = (now - epochStart) / 1e9;
        double rate = state.samplesSeen() / Math.max(1e-9, seconds);
        int total = state.batchesPerEpoch();
        double eta = batchesDone == 0 ? 0 : seconds / batchesDone * (total - batchesDone);
        int width = 24, filled = (int) ((long) width * batchesDone / Math.max(1, total));
        String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        return String.format(
                Locale.ROOT,
                "epoch %d/%d [%s] %d/%d  %,.0f samples/s  ETA %s  loss %.4f",
                state.epoch() + 1,
                state.epochs(),
                bar,
                batchesDone,
                total,
                rate,
                clock(eta),
                runningLoss);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void onEpochEnd(TrainingState state, Map<String, Double> logs) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        String metrics = logs.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4g", e.getKey(), e.getValue()))
                .collect(Collectors.joining("  "));
        if (terminal) {
            out.print("\r\u001b[K");
        }
        out.printf(Locale.ROOT, "epoch %d/%d  %.1fs  %s%n", state.epoch() + 1, state.epochs(), seconds, metrics);
    }

    @Override
    public void onTrainEnd(TrainingState state) {
        if (state.stopReason() != null) {
            out.println("stopped: " + state.stopReason());
        }
    }
}
