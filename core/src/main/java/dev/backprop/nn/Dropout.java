package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout (Srivastava et al., 2014): in training each element is zeroed with probability {@code rate} and the
 * rest scaled by {@code 1 / (1 - rate)}, so evaluation is the identity. The masks come from the generator given here,
 * in order, so a seeded run repeats.
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
        if (phase == Phase.EVAL || rate == 0) {
            return x;
        }
        float scale = 1 / (1 - rate);
        long threshold = (long) Math.ceil(rate * 0x1p24); // keep when a 24-bit uniform number is >= rate * 2^24
        float[] mask = new float[x.shape().size()];
        for (int i = 0; i < mask.length; i += 2) { // two 24-bit draws from each 64-bit number
            long bits = rng.nextLong();
            mask[i] = keep(bits & 0xffffff, threshold) * scale;
            if (i + 1 < mask.length) {
                mask[i + 1] = keep((bits >>> 32) & 0xffffff, threshold) * scale;
            }
        }
        return x.mul(Tensor.constant(NdArray.wrap(mask, x.shape())));
    }

    /** 1 when {@code draw >= threshold}, else 0, without a branch (random outcomes defeat branch prediction). */
    private static float keep(long draw, long threshold) {
        return (float) (1 + ((draw - threshold) >> 63));
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "Dropout", "rate", rate);
    }
}
