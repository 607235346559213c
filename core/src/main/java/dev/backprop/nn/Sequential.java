package dev.backprop.nn;

import dev.backprop.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied in order; children are named {@code 0, 1, ...} as in PyTorch.
 *
 * {@snippet :
 * var rng = new SplittableRandom(42);
 * Sequential model = new Sequential(
 *         new Conv2d(Conv2d.Spec.of(1, 32, 3), rng), Activation.relu(), new MaxPool2d(2),
 *         new Flatten(), new Dense(128, rng), Activation.relu(), new Dense(10, rng));
 * }
 */
public final class Sequential implements Layer {
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) {
        this.layers.addAll(List.of(layers));
    }

    public Sequential add(Layer layer) {
        layers.add(layer);
        return this;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /**
     * Runs the layers in order. A {@link Conv2d} followed by a {@link MaxPool2d} and/or a {@link Dropout} (with a ReLU
     * between, or as the convolution's activation) runs as one fused op: same values and gradients, but the unpooled
     * activation, the largest array of a CNN, is never written to memory, nor the dropout's input.
     */
    @Override
    public Tensor forward(Tensor x, Phase phase) {
        Tensor y = x;
        for (int i = 0, fused = 0; i < layers.size(); i += 1 + fused) {
            Layer layer = layers.get(i);
            try {
                Conv2d conv = layer instanceof Conv2d c ? c : null;
                fused = conv == null ? 0 : conv.fusableFollowers(layers.subList(i + 1, layers.size()));
                y = fused > 0
                        ? conv.forwardFused(y, layers.subList(i + 1, i + 1 + fused), phase)
                        : layer.forward(y, phase);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "layer " + i + " (" + layers.get(i).config().get("type") + "): " + e.getMessage(), e);
            }
        }
        return y;
    }

    @Override
    public Map<String, Layer> children() {
        Map<String, Layer> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            out.put(Integer.toString(i), layers.get(i));
        }
        return out;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of(
                "type",
                "Sequential",
                "layers",
                layers.stream().map(Layer::config).toList());
    }
}
