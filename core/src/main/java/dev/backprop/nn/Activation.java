package dev.backprop.nn;

import dev.backprop.tensor.Tensor;
import java.util.Map;

/** An element-wise activation as a layer; softmax is over the last axis. {@code alpha} is LeakyReLU's slope. */
public final class Activation implements Layer {
    public enum Kind {
        RELU,
        LEAKY_RELU,
        SIGMOID,
        TANH,
        SOFTMAX,
        GELU
    }

    private final Kind kind;
    private final float alpha;

    public Activation(Kind kind) {
        this(kind, kind == Kind.LEAKY_RELU ? 0.01f : 0f);
    }

    public Activation(Kind kind, float alpha) {
        this.kind = kind;
        this.alpha = alpha;
    }

    public Kind kind() {
        return kind;
    }

    public static Activation relu() {
        return new Activation(Kind.RELU);
    }

    public static Activation leakyRelu(float slope) {
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID);
    }

    public static Activation tanh() {
        return new Activation(Kind.TANH);
    }

    public static Activation softmax() {
        return new Activation(Kind.SOFTMAX);
    }

    public static Activation gelu() {
        return new Activation(Kind.GELU);
    }

    @Override
    public Tensor forward(Tensor x, Phase phase) {
        return switch (kind) {
            case RELU -> x.relu();
            case LEAKY_RELU -> x.leakyRelu(alpha);
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case SOFTMAX -> x.softmax(-1);
            case GELU -> x.gelu();
        };
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "Activation", "kind", kind.name(), "alpha", alpha);
    }
}
