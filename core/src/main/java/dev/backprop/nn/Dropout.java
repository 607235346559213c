package dev.backprop.nn;

import dev.backprop.array.kernel.DropoutMask;
import dev.backprop.tensor.Tensor;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout (Srivastava et al., 2014): in training each element is zeroed with probability {@code rate} and the
 * rest scaled by {@code 1 / (1 - rate)}, so evaluation is the identity. Each batch takes one number from the generator
 * given here to seed its mask ({@link Tensor#dropout}), so a seeded run repeats.
 */
public final class Dropout implements Layer {
    private final float rate;
    private final RandomGenerator rng;

    public Dropout(float rate, RandomGenerator rng) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate " + rate + " must be in [0, 1)");
        }
        this.rate = rate;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor x, Phase phase) {
        DropoutMask mask = mask(phase);
        return mask == null ? x : x.dropout(mask.rate(), mask.seed());
    }

    /** The mask of one forward pass (drawing its seed), or null when this pass does not drop (evaluation, rate 0). */
    DropoutMask mask(Phase phase) {
        return phase == Phase.EVAL || rate == 0 ? null : new DropoutMask(rate, rng.nextLong());
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "Dropout", "rate", rate);
    }
}
