package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.array.kernel.DropoutMask;
import dev.backprop.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * 2-D convolution over NCHW input: {@code x [N, in, H, W]}, weight {@code [out, in/groups, k, k]}, bias {@code [out]}.
 * Defaults as Keras: Glorot-uniform weights, zero bias. {@code groups == in == out} gives a depthwise convolution.
 *
 * {@snippet :
 * Conv2d conv = new Conv2d(Conv2d.Spec.of(1, 32, 3), rng);                     // 3x3, stride 1, valid
 * Conv2d same = new Conv2d(Conv2d.Spec.of(32, 64, 3).padding(Padding.SAME), rng);
 * }
 */
public final class Conv2d implements Layer {
    /** "valid" (no padding) or "same" (output as large as the input, stride 1 only), or explicit. */
    public enum Padding {
        VALID,
        SAME,
        EXPLICIT
    }

    /** Hyper-parameters; {@code inChannels == 0} means "from the first batch". */
    public record Spec(
            int inChannels,
            int outChannels,
            int kernel,
            int stride,
            Padding padding,
            int explicitPadding,
            int dilation,
            int groups,
            boolean bias,
            Activation.Kind activation) {
        public Spec {
            if (inChannels < 0 || outChannels < 1 || kernel < 1 || stride < 1 || dilation < 1 || groups < 1) {
                throw new IllegalArgumentException(
                        "Conv2d: channels, kernel, stride, dilation and groups must be" + " positive: " + this);
            }
            if (outChannels % groups != 0 || (inChannels > 0 && inChannels % groups != 0)) {
                throw new IllegalArgumentException("Conv2d: in " + inChannels + " and out " + outChannels
                        + " channels must both divide by groups " + groups);
            }
            if (padding == Padding.SAME && stride != 1) {
                throw new IllegalArgumentException(
                        "Conv2d: padding SAME needs stride 1 (got " + stride + "); give explicit padding instead");
            }
        }

        /** A {@code kernel x kernel} convolution, stride 1, no padding, one group, with bias, no activation. */
        public static Spec of(int inChannels, int outChannels, int kernel) {
            return new Spec(inChannels, outChannels, kernel, 1, Padding.VALID, 0, 1, 1, true, null);
        }

        /**
         * An activation applied to the output, as Keras's {@code Conv2D(..., activation="relu")}; ReLU runs inside the
         * convolution's own pass (no extra sweep over the output), others after it. Null for none.
         */
        public Spec activation(Activation.Kind value) {
            return new Spec(
                    inChannels, outChannels, kernel, stride, padding, explicitPadding, dilation, groups, bias, value);
        }

        public Spec stride(int value) {
            return new Spec(
                    inChannels,
                    outChannels,
                    kernel,
                    value,
                    padding,
                    explicitPadding,
                    dilation,
                    groups,
                    bias,
                    activation);
        }

        public Spec padding(Padding value) {
            return new Spec(inChannels, outChannels, kernel, stride, value, 0, dilation, groups, bias, activation);
        }

        public Spec padding(int value) {
            return new Spec(
                    inChannels,
                    outChannels,
                    kernel,
                    stride,
                    Padding.EXPLICIT,
                    value,
                    dilation,
                    groups,
                    bias,
                    activation);
        }

        public Spec dilation(int value) {
            return new Spec(
                    inChannels, outChannels, kernel, stride, padding, explicitPadding, value, groups, bias, activation);
        }

        public Spec groups(int value) {
            return new Spec(
                    inChannels,
                    outChannels,
                    kernel,
                    stride,
                    padding,
                    explicitPadding,
                    dilation,
                    value,
                    bias,
                    activation);
        }

        public Spec bias(boolean value) {
            return new Spec(
                    inChannels,
                    outChannels,
                    kernel,
                    stride,
                    padding,
                    explicitPadding,
                    dilation,
                    groups,
                    value,
                    activation);
        }

        /** Zero padding per side. */
        public int paddingSize() {
            return switch (padding) {
                case VALID -> 0;
                case SAME -> dilation * (kernel - 1) / 2;
                case EXPLICIT -> explicitPadding;
            };
        }

        static Spec fromConfig(Map<String, Object> c) {
            return new Spec(
                    Layers.integer(c, "in"),
                    Layers.integer(c, "out"),
                    Layers.integer(c, "kernel"),
                    Layers.integer(c, "stride"),
                    Padding.valueOf((String) c.get("padding")),
                    Layers.integer(c, "explicitPadding"),
                    Layers.integer(c, "dilation"),
                    Layers.integer(c, "groups"),
                    Boolean.TRUE.equals(c.get("bias")),
                    c.get("activation") instanceof String a && !a.equals("NONE") ? Activation.Kind.valueOf(a) : null);
        }
    }

    private Spec spec;
    private final Init.Initializer init;
    private RandomGenerator pendingRng;
    private Parameter weight;
    private Parameter bias;

    public Conv2d(Spec spec, RandomGenerator rng) {
        this(spec, Init.glorotUniform(), rng);
    }

    public Conv2d(Spec spec, Init.Initializer init, RandomGenerator rng) {
        this.spec = spec;
        this.init = init;
        this.pendingRng = rng;
        if (spec.padding() == Padding.SAME && spec.kernel() % 2 == 0) {
            throw new IllegalArgumentException("Conv2d: padding SAME needs an odd kernel, got " + spec.kernel());
        }
        if (spec.inChannels() > 0) {
            build(spec.inChannels());
        }
    }

    private void build(int inChannels) {
        spec = new Spec(
                inChannels,
                spec.outChannels(),
                spec.kernel(),
                spec.stride(),
                spec.padding(),
                spec.explicitPadding(),
                spec.dilation(),
                spec.groups(),
                spec.bias(),
                spec.activation());
        int k = spec.kernel(), perGroup = inChannels / spec.groups();
        Shape shape = Shape.of(spec.outChannels(), perGroup, k, k);
        weight = new Parameter(
                "weight", init.create(shape, perGroup * k * k, spec.outChannels() / spec.groups() * k * k, pendingRng));
        bias = spec.bias() ? new Parameter("bias", NdArray.zeros(Shape.of(spec.outChannels()))) : null;
        pendingRng = null;
    }

    public Spec spec() {
        return spec;
    }

    @Override
    public Tensor forward(Tensor x, Phase phase) {
        checkInput(x);
        boolean fuseRelu = spec.activation() == Activation.Kind.RELU;
        Tensor y = convolve(x, fuseRelu, null, null);
        return spec.activation() == null || fuseRelu ? y : new Activation(spec.activation()).forward(y, phase);
    }

    /**
     * How many of the layers that follow this one ({@code next}) can run inside its own pass: a ReLU (its own
     * activation, or an {@code Activation} RELU layer next when it has none), then a {@link MaxPool2d}, then a {@link
     * Dropout}. 0 unless a pool or a dropout ends the run: only they save memory traffic. {@link Sequential} uses this.
     */
    int fusableFollowers(List<Layer> next) {
        int i = 0;
        if (spec.activation() == null
                && !next.isEmpty()
                && next.get(0) instanceof Activation a
                && a.kind() == Activation.Kind.RELU) {
            i++;
        } else if (spec.activation() != null && spec.activation() != Activation.Kind.RELU) {
            return 0;
        }
        int pooled = i;
        if (i < next.size() && next.get(i) instanceof MaxPool2d pool && pool.kernel * pool.kernel <= 256) {
            i++;
        }
        boolean dropout = i < next.size() && next.get(i) instanceof Dropout;
        return dropout ? i + 1 : i > pooled ? i : 0;
    }

    /** This layer and the {@code followers} accepted by {@link #fusableFollowers}, as one op. */
    Tensor forwardFused(Tensor x, List<Layer> followers, Phase phase) {
        checkInput(x);
        boolean relu = spec.activation() != null;
        dev.backprop.autograd.Conv2d.MaxPool window = null;
        DropoutMask dropout = null;
        for (Layer layer : followers) {
            if (layer instanceof Activation) {
                relu = true;
            } else if (layer instanceof MaxPool2d pool) {
                window = new dev.backprop.autograd.Conv2d.MaxPool(
                        pool.kernel, pool.kernel, pool.stride, pool.stride, pool.padding, pool.padding);
            } else if (layer instanceof Dropout d) {
                dropout = d.mask(phase);
            }
        }
        return convolve(x, relu, window, dropout);
    }

    private void checkInput(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(
                    "Conv2d: input " + x.shape() + " must be [batch, channels, height, width]");
        }
        if (weight == null) {
            build(x.shape().dim(1));
        }
        if (x.shape().dim(1) != spec.inChannels()) {
            throw new IllegalArgumentException("Conv2d: input " + x.shape() + " has "
                    + x.shape().dim(1) + " channels, the layer expects " + spec.inChannels());
        }
    }

    private Tensor convolve(Tensor x, boolean relu, dev.backprop.autograd.Conv2d.MaxPool pool, DropoutMask dropout) {
        int p = spec.paddingSize(), s = spec.stride(), d = spec.dilation();
        return x.conv2d(
                weight,
                bias,
                new int[] {s, s},
                new int[] {p, p},
                new int[] {d, d},
                spec.groups(),
                relu ? dev.backprop.autograd.Conv2d.Fused.RELU : dev.backprop.autograd.Conv2d.Fused.NONE,
                pool,
                dropout);
    }

    @Override
    public List<Parameter> parameters() {
        if (weight == null) {
            throw new IllegalStateException("Conv2d(?, " + spec.outChannels() + ") has no weights yet: give the input"
                    + " channels, or run one batch through the model first (Layers.build(model, inputShape))");
        }
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("type", "Conv2d");
        c.put("in", spec.inChannels());
        c.put("out", spec.outChannels());
        c.put("kernel", spec.kernel());
        c.put("stride", spec.stride());
        c.put("padding", spec.padding().name());
        c.put("explicitPadding", spec.explicitPadding());
        c.put("dilation", spec.dilation());
        c.put("groups", spec.groups());
        c.put("bias", spec.bias());
        c.put(
                "activation",
                spec.activation() == null ? "NONE" : spec.activation().name());
        return c;
    }
}
