package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.kernel.Parallel;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inverted dropout as one op: {@code y = x * mask}, each mask element {@code 1 / (1 - rate)} with probability {@code 1
 * - rate}, else 0, drawn from {@code seed}. Memory traffic, not arithmetic, bounds dropout, so the mask is never
 * stored: the pullback draws it again from the seed ({@code dy/dx = mask}). Blocks of the array have their own
 * streams, so the mask is the same on any number of threads; each draw takes 16 bits (the rate is rounded up to a
 * multiple of 2^-16).
 */
public final class Dropout implements UnaryOp {
    private static final int BLOCK = 1 << 14;

    private final float rate;
    private final long seed;

    public Dropout(float rate, long seed) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout: rate " + rate + " must be in [0, 1)");
        }
        this.rate = rate;
        this.seed = seed;
    }

    @Override
    public Result forward(NdArray x) {
        NdArray y = NdArray.zeros(x.shape());
        float[] xs = x.owned().buffer();
        applyMask(xs, y.buffer());
        return new Result(y, gradOut -> {
            NdArray gradX = NdArray.zeros(x.shape());
            applyMask(gradOut.owned().buffer(), gradX.buffer());
            return List.of(gradX);
        });
    }

    /** {@code out = in * mask}, block by block across threads. */
    private void applyMask(float[] in, float[] out) {
        int threshold = (int) Math.ceil(rate * 0x1p16); // keep when a 16-bit draw is >= threshold
        int scale = Float.floatToRawIntBits(1 / (1 - rate));
        Parallel.forRange((in.length + BLOCK - 1) / BLOCK, 1, (first, last) -> {
            for (int b = first; b < last; b++) {
                SplittableRandom stream = new SplittableRandom(seed + b * 0x9E3779B97F4A7C15L);
                for (int i = b * BLOCK, end = Math.min(in.length, i + BLOCK); i < end; i += 4) {
                    long bits = stream.nextLong(); // four 16-bit draws
                    for (int j = 0; j < 4 && i + j < end; j++) {
                        int draw = (int) (bits >>> (16 * j)) & 0xffff;
                        // the scale where draw >= threshold, else +0, chosen without a branch
                        out[i + j] = in[i + j] * Float.intBitsToFloat(scale & ~((draw - threshold) >> 31));
                    }
                }
            }
        });
    }
}
