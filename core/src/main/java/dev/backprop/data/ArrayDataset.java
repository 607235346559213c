package dev.backprop.data;

import dev.backprop.array.NdArray;

/** A dataset held in two arrays, features {@code [N, ...]} and targets {@code [N, ...]}. */
public final class ArrayDataset implements Dataset {
    private final NdArray features;
    private final NdArray targets;

    public ArrayDataset(NdArray features, NdArray targets) {
        if (features.rank() == 0
                || targets.rank() == 0
                || features.shape().dim(0) != targets.shape().dim(0)) {
            throw new IllegalArgumentException("ArrayDataset: features " + features.shape() + " and targets "
                    + targets.shape() + " must have the same number of examples on axis 0");
        }
        this.features = features.contiguous();
        this.targets = targets.contiguous();
    }

    public NdArray features() {
        return features;
    }

    public NdArray targets() {
        return targets;
    }

    @Override
    public int size() {
        return features.shape().dim(0);
    }

    @Override
    public Batch batch(int[] indices) {
        return new Batch(features.indexSelect(0, indices), targets.indexSelect(0, indices));
    }

    /** Examples {@code [from, to)}, sharing storage. */
    public ArrayDataset slice(int from, int to) {
        return new ArrayDataset(features.narrow(0, from, to - from), targets.narrow(0, from, to - from));
    }

    /**
     * Keras's {@code validation_split}: the last {@code fraction} of the examples (before any shuffling) for validation,
     * the rest for training. Returns {training, validation}.
     */
    public ArrayDataset[] splitLast(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation split must be in (0, 1), got " + fraction);
        }
        int validation = (int) Math.round(size() * fraction);
        if (validation < 1 || validation >= size()) {
            throw new IllegalArgumentException(
                    "validation split " + fraction + " of " + size() + " examples leaves an empty part");
        }
        return new ArrayDataset[] {slice(0, size() - validation), slice(size() - validation, size())};
    }
}
