package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.tensor.NoGrad;
import dev.backprop.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Walking layer trees: parameter names, state dicts, building lazily sized layers, and rebuilding from a config. */
public final class Layers {
    private Layers() {}

    /** Every parameter of the tree under {@code layer}, named by path ({@code 0.weight}). */
    public static Map<String, Parameter> namedParameters(Layer layer) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(layer, "", out, null);
        return out;
    }

    /** All trainable parameters, in the order of {@link #namedParameters}. */
    public static List<Parameter> parameters(Layer layer) {
        return new ArrayList<>(namedParameters(layer).values());
    }

    /** Parameters and buffers by path: what is saved. Values are the live arrays, not copies. */
    public static Map<String, NdArray> stateDict(Layer layer) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        collect(layer, "", null, out);
        return out;
    }

    private static void collect(Layer layer, String prefix, Map<String, Parameter> params, Map<String, NdArray> state) {
        for (Parameter p : layer.parameters()) {
            if (params != null) {
                params.put(prefix + p.name(), p);
            }
            if (state != null) {
                state.put(prefix + p.name(), p.value());
            }
        }
        if (state != null) {
            layer.buffers().forEach((name, value) -> state.put(prefix + name, value));
        }
        layer.children().forEach((name, child) -> collect(child, prefix + name + ".", params, state));
    }

    /** Number of trainable scalars. */
    public static long parameterCount(Layer layer) {
        return parameters(layer).stream().mapToLong(p -> p.value().size()).sum();
    }

    /**
     * Copies {@code state} into the layer's parameters and buffers, checking that every name is present with the same
     * shape; an error names the tensor and both shapes, and nothing is changed unless everything matches.
     */
    public static void loadStateDict(Layer layer, Map<String, NdArray> state) {
        Map<String, NdArray> own = stateDict(layer);
        for (Map.Entry<String, NdArray> e : own.entrySet()) {
            NdArray given = state.get(e.getKey());
            if (given == null) {
                throw new IllegalArgumentException(
                        "load: the saved state has no tensor '" + e.getKey() + "' (it has " + state.keySet() + ")");
            }
            if (!given.shape().equals(e.getValue().shape())) {
                throw new IllegalArgumentException("load: tensor '" + e.getKey() + "' has shape " + given.shape()
                        + " in the saved state but " + e.getValue().shape() + " in the model");
            }
        }
        for (String name : state.keySet()) {
            if (!own.containsKey(name)) {
                throw new IllegalArgumentException(
                        "load: the saved state has a tensor '" + name + "' that the model does not have");
            }
        }
        own.forEach((name, value) -> value.copyFrom(state.get(name)));
    }

    /** Sizes lazily sized layers by running one batch of zeros of {@code inputShape} through the model. */
    public static Shape build(Layer layer, Shape inputShape) {
        try (NoGrad scope = NoGrad.enter()) {
            return layer.forward(Tensor.constant(NdArray.zeros(inputShape)), Phase.EVAL)
                    .shape();
        }
    }

    /** Rebuilds a layer from its {@link Layer#config()}; the weights are placeholders until a state dict is loaded. */
    @SuppressWarnings("unchecked")
    public static Layer fromConfig(Map<String, Object> config) {
        Object type = config.get("type");
        SplittableRandom rng = new SplittableRandom(0);
        if (!(type instanceof String name)) {
            throw new IllegalArgumentException("layer config without a \"type\": " + config);
        }
        return switch (name) {
            case "Sequential" -> {
                Sequential s = new Sequential();
                for (Object child : (List<Object>) config.get("layers")) {
                    s.add(fromConfig((Map<String, Object>) child));
                }
                yield s;
            }
            case "Dense" -> new Dense(integer(config, "in"), integer(config, "out"), rng);
            case "Conv2d" -> new Conv2d(Conv2d.Spec.fromConfig(config), rng);
            case "MaxPool2d" ->
                new MaxPool2d(integer(config, "kernel"), integer(config, "stride"), integer(config, "padding"));
            case "AvgPool2d" ->
                new AvgPool2d(integer(config, "kernel"), integer(config, "stride"), integer(config, "padding"));
            case "GlobalAvgPool2d" -> new GlobalAvgPool2d();
            case "Flatten" -> new Flatten();
            case "Dropout" -> new Dropout(number(config, "rate"), rng);
            case "BatchNorm" ->
                new BatchNorm(integer(config, "features"), number(config, "momentum"), number(config, "eps"));
            case "LayerNorm" -> new LayerNorm(integer(config, "features"), number(config, "eps"));
            case "Activation" ->
                new Activation(Activation.Kind.valueOf((String) config.get("kind")), number(config, "alpha"));
            default -> throw new IllegalArgumentException("unknown layer type '" + name + "' in a model config");
        };
    }

    static int integer(Map<String, Object> config, String key) {
        if (!(config.get(key) instanceof Number n)) {
            throw new IllegalArgumentException(config.get("type") + " config lacks the number \"" + key + "\"");
        }
        return n.intValue();
    }

    static float number(Map<String, Object> config, String key) {
        if (!(config.get(key) instanceof Number n)) {
            throw new IllegalArgumentException(config.get("type") + " config lacks the number \"" + key + "\"");
        }
        return n.floatValue();
    }
}
