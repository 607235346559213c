package dev.backprop.data;

import dev.backprop.array.NdArray;

/** Features and targets of a batch; both have the batch on axis 0. */
public record Batch(NdArray features, NdArray targets) {
    public int size() {
        return features.shape().dim(0);
    }
}
