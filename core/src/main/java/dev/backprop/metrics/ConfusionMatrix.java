package dev.backprop.metrics;

import dev.backprop.array.NdArray;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs, with per-class precision, recall and F1 and their macro (unweighted)
 * and weighted (by support) averages, as scikit-learn's {@code classification_report}. A class never predicted has
 * precision 0, as scikit-learn's {@code zero_division=0}.
 */
public final class ConfusionMatrix implements Metric {
    private final int classes;
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("ConfusionMatrix: needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
        this.counts = new long[classes][classes];
    }

    @Override
    public String name() {
        return "macro_f1";
    }

    @Override
    public void update(NdArray prediction, NdArray target) {
        int[] p = Metric.predictedClasses(prediction), t = Metric.targetClasses(target);
        for (int i = 0; i < p.length; i++) {
            if (t[i] < 0 || t[i] >= classes || p[i] < 0 || p[i] >= classes) {
                throw new IllegalArgumentException("ConfusionMatrix: class " + t[i] + " or prediction " + p[i]
                        + " at position " + i + " is outside [0, " + classes + ")");
            }
            counts[t[i]][p[i]]++;
        }
    }

    /** Row = true class, column = predicted class. */
    public long[][] counts() {
        long[][] copy = new long[classes][];
        for (int i = 0; i < classes; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public int classes() {
        return classes;
    }

    public long support(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    public double precision(int c) {
        long predicted = 0;
        for (int t = 0; t < classes; t++) {
            predicted += counts[t][c];
        }
        return predicted == 0 ? 0 : counts[c][c] / (double) predicted;
    }

    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : counts[c][c] / (double) s;
    }

    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double accuracy() {
        long right = 0, all = 0;
        for (int c = 0; c < classes; c++) {
            right += counts[c][c];
            all += support(c);
        }
        return all == 0 ? Double.NaN : right / (double) all;
    }

    /** Unweighted mean over classes of precision, recall or F1. */
    public double macro(java.util.function.IntToDoubleFunction perClass) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += perClass.applyAsDouble(c);
        }
        return sum / classes;
    }

    /** Mean over classes weighted by support. */
    public double weighted(java.util.function.IntToDoubleFunction perClass) {
        double sum = 0;
        long all = 0;
        for (int c = 0; c < classes; c++) {
            sum += perClass.applyAsDouble(c) * support(c);
            all += support(c);
        }
        return all == 0 ? 0 : sum / all;
    }

    @Override
    public double result() {
        return macro(this::f1);
    }

    @Override
    public void reset() {
        for (long[] row : counts) {
            java.util.Arrays.fill(row, 0);
        }
    }

    /** A classification report: per-class precision, recall, F1 and support, then macro and weighted averages. */
    public String report(List<String> names) {
        StringBuilder sb = new StringBuilder();
        String f = "%-14s %9s %9s %9s %9s%n";
        sb.append(String.format(Locale.ROOT, f, "", "precision", "recall", "f1", "support"));
        for (int c = 0; c < classes; c++) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-14s %9.4f %9.4f %9.4f %9d%n",
                    names.get(c),
                    precision(c),
                    recall(c),
                    f1(c),
                    support(c)));
        }
        long all = 0;
        for (int c = 0; c < classes; c++) {
            all += support(c);
        }
        sb.append(String.format(Locale.ROOT, "%-14s %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy(), all));
        sb.append(String.format(
                Locale.ROOT,
                "%-14s %9.4f %9.4f %9.4f %9d%n",
                "macro avg",
                macro(this::precision),
                macro(this::recall),
                macro(this::f1),
                all));
        sb.append(String.format(
                Locale.ROOT,
                "%-14s %9.4f %9.4f %9.4f %9d%n",
                "weighted avg",
                weighted(this::precision),
                weighted(this::recall),
                weighted(this::f1),
                all));
        return sb.toString();
    }

    /** The matrix as aligned text, true classes down, predictions across. */
    public String table(List<String> names) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-14s", "true \\ pred"));
        for (int c = 0; c < classes; c++) {
            sb.append(String.format(Locale.ROOT, " %6s", abbreviate(names.get(c))));
        }
        sb.append('\n');
        for (int t = 0; t < classes; t++) {
            sb.append(String.format(Locale.ROOT, "%-14s", names.get(t)));
            for (int p = 0; p < classes; p++) {
                sb.append(String.format(Locale.ROOT, " %6d", counts[t][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 6 ? s : s.substring(0, 6);
    }
}
