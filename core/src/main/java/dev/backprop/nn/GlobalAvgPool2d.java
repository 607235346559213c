package dev.backprop.nn;

import dev.backprop.tensor.Tensor;
import java.util.Map;

/** Mean over height and width: {@code [N, C, H, W] -> [N, C]}. */
public final class GlobalAvgPool2d implements Layer {
    @Override
    public Tensor forward(Tensor x, Phase phase) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("GlobalAvgPool2d: input " + x.shape() + " must be [N, C, H, W]");
        }
        return x.mean(new int[] {2, 3}, false);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "GlobalAvgPool2d");
    }
}
