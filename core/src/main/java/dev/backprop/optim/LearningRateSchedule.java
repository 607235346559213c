package dev.backprop.optim;

/**
 * The learning rate for each epoch (counted from 0), given the base rate. Applied between epochs by the training
 * loop's scheduler callback; reduce-on-plateau, which needs a metric, is a callback of its own.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    double rate(int epoch, double base);

    /** Multiplies by {@code gamma} every {@code stepSize} epochs. */
    static LearningRateSchedule step(int stepSize, double gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("step schedule: stepSize must be >= 1, got " + stepSize);
        }
        return (epoch, base) -> base * Math.pow(gamma, epoch / stepSize);
    }

    /** {@code base * gamma^epoch}. */
    static LearningRateSchedule exponential(double gamma) {
        return (epoch, base) -> base * Math.pow(gamma, epoch);
    }

    /** Cosine annealing from the base rate to {@code minimum} over {@code epochs} (Loshchilov and Hutter, 2017). */
    static LearningRateSchedule cosine(int epochs, double minimum) {
        return (epoch, base) -> {
            double progress = Math.min(1.0, epoch / (double) Math.max(1, epochs));
            return minimum + (base - minimum) * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }

    /** Rises linearly over the first {@code warmupEpochs} epochs ({@code base (e+1)/warmup}), then follows {@code after}. */
    static LearningRateSchedule linearWarmup(int warmupEpochs, LearningRateSchedule after) {
        return (epoch, base) ->
                epoch < warmupEpochs ? base * (epoch + 1) / warmupEpochs : after.rate(epoch - warmupEpochs, base);
    }

    /** The base rate throughout. */
    static LearningRateSchedule constant() {
        return (epoch, base) -> base;
    }
}
