package dev.backprop.nn;

import dev.backprop.tensor.Tensor;
import java.util.Map;

/** Keeps the batch axis and flattens the rest: {@code [N, C, H, W] -> [N, C*H*W]}. */
public final class Flatten implements Layer {
    @Override
    public Tensor forward(Tensor x, Phase phase) {
        return x.flatten();
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "Flatten");
    }
}
