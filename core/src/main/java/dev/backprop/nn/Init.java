package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import java.util.random.RandomGenerator;

/**
 * Weight initialisers, all drawn from an explicit generator. Fan-in and fan-out follow PyTorch: for a weight of shape
 * {@code [in, out]} (Dense) they are {@code in} and {@code out}; for a convolution {@code [out, in, kh, kw]} they are
 * {@code in*kh*kw} and {@code out*kh*kw}.
 */
public final class Init {
    private Init() {}

    /** How to fill a new weight: the shape, its fan-in and fan-out, and the generator. */
    @FunctionalInterface
    public interface Initializer {
        NdArray create(Shape shape, int fanIn, int fanOut, RandomGenerator rng);
    }

    public static Initializer zeros() {
        return (shape, in, out, rng) -> NdArray.zeros(shape);
    }

    public static Initializer constant(float value) {
        return (shape, in, out, rng) -> NdArray.full(shape, value);
    }

    public static Initializer normal(float std) {
        return (shape, in, out, rng) -> NdArray.randn(shape, std, rng);
    }

    public static Initializer uniform(float low, float high) {
        return (shape, in, out, rng) -> NdArray.uniform(shape, low, high, rng);
    }

    /** Glorot and Bengio (2010): U(-a, a) with {@code a = sqrt(6 / (fanIn + fanOut))}. Keras's default. */
    public static Initializer glorotUniform() {
        return (shape, in, out, rng) -> {
            float a = (float) Math.sqrt(6.0 / (in + out));
            return NdArray.uniform(shape, -a, a, rng);
        };
    }

    /** Glorot normal: N(0, 2 / (fanIn + fanOut)). */
    public static Initializer glorotNormal() {
        return (shape, in, out, rng) -> NdArray.randn(shape, (float) Math.sqrt(2.0 / (in + out)), rng);
    }

    /** He et al. (2015) for ReLU networks: U(-a, a) with {@code a = sqrt(6 / fanIn)}. */
    public static Initializer heUniform() {
        return (shape, in, out, rng) -> {
            float a = (float) Math.sqrt(6.0 / in);
            return NdArray.uniform(shape, -a, a, rng);
        };
    }

    /** He normal: N(0, 2 / fanIn). */
    public static Initializer heNormal() {
        return (shape, in, out, rng) -> NdArray.randn(shape, (float) Math.sqrt(2.0 / in), rng);
    }
}
