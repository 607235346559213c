package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A module of a network: a differentiable function of its input and its parameters. Layers nest: a layer lists its
 * named children, and {@link Layers#namedParameters} walks the tree giving PyTorch-style names
 * ({@code 0.weight}, {@code encoder.1.bias}).
 *
 * <p>{@link #config()} gives the type and hyper-parameters (JSON-compatible values), from which {@link Layers#fromConfig}
 * rebuilds the layer when a model is loaded.
 */
public interface Layer {
    /** The output for input {@code x}; {@code phase} switches dropout and batch normalisation. */
    Tensor forward(Tensor x, Phase phase);

    /** This layer's own trainable parameters, not its children's. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Non-trainable state that is saved with the model (running statistics), by local name. */
    default Map<String, NdArray> buffers() {
        return Map.of();
    }

    /** Sub-layers by name, in order. */
    default Map<String, Layer> children() {
        return Map.of();
    }

    /** The type ({@code "type"} key) and hyper-parameters, enough to rebuild the layer. */
    Map<String, Object> config();
}
