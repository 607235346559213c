package dev.backprop.array.kernel;

/**
 * The mask of inverted dropout as a pure function of a seed and an element's index: element {@code i} is kept (scaled
 * by {@code 1 / (1 - rate)}) when a 24-bit hash of {@code (seed, i)} is at least {@code rate * 2^24}, else zeroed. A
 * counter-based mask, as GPU frameworks draw theirs (Philox in PyTorch), is never stored: the backward pass, or a
 * convolution that applies dropout to its own output, computes it again where it needs it, in any order and on any
 * number of threads; and the loop has no state carried between elements, so the JIT vectorises it.
 *
 * <p>The hash is the seed's 64 bits folded to a 32-bit key, mixed with the index by a multiply and Wellons' {@code
 * lowbias32} finaliser (two multiplies, three xor-shifts), a bijection of 32-bit words with full avalanche.
 */
public record DropoutMask(float rate, long seed) {
    public DropoutMask {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout: rate " + rate + " must be in [0, 1)");
        }
    }

    /** {@code out[i] = in[i] * mask(i)} for {@code i} in {@code [from, to)}; {@code in} and {@code out} may be one. */
    public void apply(float[] in, float[] out, int from, int to) {
        int key = key(), threshold = threshold();
        float scale = scale();
        for (int i = from; i < to; i++) { // one index for both arrays: the JIT vectorises only then
            out[i] = in[i] * (kept(i, key, threshold) * scale);
        }
    }

    /** {@code a[i] *= mask(i + shift)} for {@code i} in {@code [from, to)}: a copied slice of a masked array. */
    public void applyShifted(float[] a, int from, int to, int shift) {
        int key = key(), threshold = threshold();
        float scale = scale();
        for (int j = from + shift; j < to + shift; j++) { // the hash of the loop variable itself vectorises
            a[j - shift] = a[j - shift] * (kept(j, key, threshold) * scale);
        }
    }

    /** {@link #apply} for a whole array, split across threads. */
    public void applyAll(float[] in, float[] out) {
        Parallel.forRange((in.length + 4095) / 4096, 16, (first, last) -> {
            apply(in, out, first * 4096, Math.min(in.length, last * 4096));
        });
    }

    /** The mask's value at {@code index}: 0 or {@code 1 / (1 - rate)}. */
    public float at(int index) {
        return kept(index, key(), threshold()) * scale();
    }

    /** The factor of kept elements, {@code 1 / (1 - rate)}. */
    public float scale() {
        return 1f / (1f - rate);
    }

    int key() {
        long z = (seed ^ (seed >>> 33)) * 0xff51afd7ed558ccdL; // MurmurHash3's 64-bit finaliser, first half
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (z ^ (z >>> 33)) ^ (int) (z >>> 32);
    }

    /** Elements whose 24-bit draw is below this are dropped: {@code ceil(rate * 2^24)}. */
    int threshold() {
        return (int) Math.ceil(rate * 0x1p24);
    }

    /** 1 when element {@code index} is kept, else 0, without a branch. */
    static int kept(int index, int key, int threshold) {
        int h = (index ^ key) * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x7feb352d;
        h ^= h >>> 15;
        h *= 0x846ca68b;
        h ^= h >>> 16;
        return (threshold - 1 - (h >>> 8)) >>> 31;
    }
}
