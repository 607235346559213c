package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Fully connected layer {@code y = x W + b}: x {@code [batch, in]}, W {@code [in, out]}, b {@code [out]}, y {@code
 * [batch, out]}. Defaults as Keras: Glorot-uniform W, zero b. With {@code Dense(out, rng)} the input size is taken from
 * the first batch (the generator is kept until then).
 *
 * <p>Note that W is stored {@code [in, out]} (Keras's layout); PyTorch's {@code nn.Linear} stores the transpose.
 */
public final class Dense implements Layer {
    private final int out;
    private final Init.Initializer init;
    private RandomGenerator pendingRng;
    private int in;
    private Parameter weight;
    private Parameter bias;

    public Dense(int in, int out, RandomGenerator rng) {
        this(in, out, Init.glorotUniform(), rng);
    }

    /** A layer whose input size is inferred from the first batch. */
    public Dense(int out, RandomGenerator rng) {
        this(0, out, Init.glorotUniform(), rng);
    }

    public Dense(int in, int out, Init.Initializer init, RandomGenerator rng) {
        if (in < 0 || out <= 0) {
            throw new IllegalArgumentException("Dense(" + in + ", " + out + "): sizes must be positive");
        }
        this.out = out;
        this.init = init;
        this.pendingRng = rng;
        if (in > 0) {
            build(in);
        }
    }

    private void build(int inputs) {
        in = inputs;
        weight = new Parameter("weight", init.create(Shape.of(in, out), in, out, pendingRng));
        bias = new Parameter("bias", NdArray.zeros(Shape.of(out)));
        pendingRng = null;
    }

    @Override
    public Tensor forward(Tensor x, Phase phase) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("Dense(" + (in == 0 ? "?" : in) + ", " + out + "): input " + x.shape()
                    + " must be [batch, features]");
        }
        if (weight == null) {
            build(x.shape().dim(-1));
        }
        if (x.shape().dim(-1) != in) {
            throw new IllegalArgumentException("Dense(" + in + ", " + out + "): input " + x.shape() + " has "
                    + x.shape().dim(-1) + " features, expected " + in);
        }
        return x.matmul(weight).add(bias);
    }

    @Override
    public List<Parameter> parameters() {
        if (weight == null) {
            throw new IllegalStateException("Dense(?, " + out + ") has no weights yet: give the input size, or run one"
                    + " batch through the model first (Layers.build(model, inputShape))");
        }
        return List.of(weight, bias);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "Dense", "in", in, "out", out);
    }
}
