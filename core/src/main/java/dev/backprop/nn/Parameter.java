package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;

/**
 * A trainable tensor owned by a layer, with its local name ({@code weight}, {@code bias}); the model prefixes it with
 * the path of the layer ({@code features.0.weight}), as PyTorch's state dict does. Optimisers update its value in
 * place.
 */
public final class Parameter extends Tensor {
    private final String name;

    public Parameter(String name, NdArray value) {
        super(value.owned(), true);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
