package dev.backprop.tensor;

import dev.backprop.array.Format;
import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.array.kernel.DropoutMask;
import dev.backprop.autograd.Abs;
import dev.backprop.autograd.Add;
import dev.backprop.autograd.AvgPool2d;
import dev.backprop.autograd.BinaryOp;
import dev.backprop.autograd.Clamp;
import dev.backprop.autograd.Concat;
import dev.backprop.autograd.Conv2d;
import dev.backprop.autograd.Div;
import dev.backprop.autograd.Exp;
import dev.backprop.autograd.Expand;
import dev.backprop.autograd.Gather;
import dev.backprop.autograd.Gelu;
import dev.backprop.autograd.IndexSelect;
import dev.backprop.autograd.LeakyRelu;
import dev.backprop.autograd.Log;
import dev.backprop.autograd.MatMul;
import dev.backprop.autograd.Max;
import dev.backprop.autograd.MaxPool2d;
import dev.backprop.autograd.Maximum;
import dev.backprop.autograd.Min;
import dev.backprop.autograd.Minimum;
import dev.backprop.autograd.Mul;
import dev.backprop.autograd.NaryOp;
import dev.backprop.autograd.Neg;
import dev.backprop.autograd.Op;
import dev.backprop.autograd.Pad;
import dev.backprop.autograd.Permute;
import dev.backprop.autograd.Pow;
import dev.backprop.autograd.PowScalar;
import dev.backprop.autograd.Pullback;
import dev.backprop.autograd.Relu;
import dev.backprop.autograd.Reshape;
import dev.backprop.autograd.Result;
import dev.backprop.autograd.Sigmoid;
import dev.backprop.autograd.Slice;
import dev.backprop.autograd.SoftmaxCrossEntropy;
import dev.backprop.autograd.Softplus;
import dev.backprop.autograd.Sqrt;
import dev.backprop.autograd.Sub;
import dev.backprop.autograd.Sum;
import dev.backprop.autograd.Tanh;
import dev.backprop.autograd.UnaryOp;
import dev.backprop.autograd.Where;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A value in a differentiable computation: an {@link NdArray}, its gradient, and the op that made it. Ops on tensors
 * that require gradients record a graph (define-by-run); {@link #backward()} walks it once in reverse and accumulates
 * {@link #grad()} on the leaves that require it, then releases it.
 *
 * <p>Past the style guide's 400 lines on purpose, as {@code NdArray} is: this is the differentiable API in one place,
 * as PyTorch's {@code Tensor} is, and each op method is a few lines that hand an {@code autograd} op to {@link
 * #apply}. The walk itself is {@code Backprop}.
 *
 * {@snippet :
 * Tensor w = Tensor.variable(NdArray.of(new float[] {1, 2, 3}));
 * Tensor loss = w.mul(w).sum();       // sum of squares
 * loss.backward();
 * NdArray g = w.grad();                // [2, 4, 6]
 * }
 */
public class Tensor {
    private static final AtomicLong MARKS = new AtomicLong();

    /** An interior node: the op, its pullback, and the tensors it read. */
    record Node(Op op, Pullback pullback, Tensor[] inputs) {}

    private final NdArray value;
    private final boolean requiresGrad;
    private NdArray grad;
    private boolean hasGrad;
    Node node;
    boolean released;
    NdArray pending;
    long mark;

    /** A leaf; {@code requiresGrad} makes {@link #backward()} fill in its gradient. */
    protected Tensor(NdArray value, boolean requiresGrad) {
        this.value = value;
        this.requiresGrad = requiresGrad;
    }

    private Tensor(NdArray value, Node node) {
        this.value = value;
        this.requiresGrad = true;
        this.node = node;
    }

    /** A constant: no gradient is computed for it. */
    public static Tensor constant(NdArray value) {
        return new Tensor(value, false);
    }

    /** A leaf whose gradient {@link #backward()} computes. */
    public static Tensor variable(NdArray value) {
        return new Tensor(value, true);
    }

    public static Tensor scalar(float value) {
        return constant(NdArray.scalar(value));
    }

    static long nextMark() {
        return MARKS.incrementAndGet();
    }

    // ---------------------------------------------------------------- recording

    /** Applies {@code op}, recording it when {@code x} requires gradients and no {@link NoGrad} scope is active. */
    public static Tensor apply(UnaryOp op, Tensor x) {
        Result r = op.forward(x.value);
        return record(op, r, x.requiresGrad, x);
    }

    public static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        Result r = op.forward(a.value, b.value);
        return record(op, r, a.requiresGrad || b.requiresGrad, a, b);
    }

    public static Tensor apply(NaryOp op, List<Tensor> inputs) {
        List<NdArray> values = new ArrayList<>(inputs.size());
        boolean any = false;
        for (Tensor t : inputs) {
            values.add(t.value);
            any |= t.requiresGrad;
        }
        return record(op, op.forward(values), any, inputs.toArray(Tensor[]::new));
    }

    private static Tensor record(Op op, Result r, boolean anyRequiresGrad, Tensor... inputs) {
        if (!anyRequiresGrad || NoGrad.active()) {
            return new Tensor(r.value(), false);
        }
        return new Tensor(r.value(), new Node(op, r.pullback(), inputs));
    }

    // ---------------------------------------------------------------- state

    public NdArray value() {
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    public int rank() {
        return value.rank();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or null before the first one (or a zeroGrad). */
    public NdArray grad() {
        return hasGrad ? grad : null;
    }

    /**
     * Forgets the gradient: the next backward starts from zero. Its array is kept and overwritten by the next backward,
     * as PyTorch's {@code zero_grad(set_to_none=False)} does, so a training step does not allocate (and the JVM does
     * not zero) a fresh gradient per parameter; copy a gradient you want to keep across steps.
     */
    public void zeroGrad() {
        hasGrad = false;
    }

    /** The value of a one-element tensor. */
    public float item() {
        return value.item();
    }

    /** The same value, cut off from the graph. */
    public Tensor detach() {
        return constant(value);
    }

    /** True for a tensor no op made (inputs, parameters, constants). */
    public boolean isLeaf() {
        return node == null && !released;
    }

    void accumulateGrad(NdArray g) {
        if (!requiresGrad) {
            return;
        }
        if (hasGrad) {
            grad.addInPlace(g);
        } else if (grad != null && grad.shape().equals(g.shape())) {
            grad.copyFrom(g); // the array of an earlier step, reused
        } else {
            grad = g.copy(); // own the storage: g may be a view of another tensor's gradient
        }
        hasGrad = true;
    }

    // ---------------------------------------------------------------- backward

    /** Backpropagates from this scalar (gradient 1). */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward: the output has shape " + shape()
                    + "; call backward(gradOut) with a gradient of that shape, or reduce it to a scalar (sum, mean)");
        }
        backward(NdArray.ones(shape()));
    }

    /** Backpropagates {@code gradOut}, the gradient of some scalar with respect to this tensor. */
    public void backward(NdArray gradOut) {
        if (!gradOut.shape().equals(shape())) {
            throw new IllegalArgumentException(
                    "backward: gradient of shape " + gradOut.shape() + " for a tensor of shape " + shape());
        }
        if (released) {
            throw new IllegalStateException("backward: the graph behind this tensor was released by an earlier"
                    + " backward(); run the forward pass again to get a fresh graph");
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this tensor does not require gradients (no input of it is a"
                    + " variable, or it was computed inside NoGrad)");
        }
        Backprop.run(this, gradOut);
    }

    // ---------------------------------------------------------------- arithmetic

    public Tensor add(Tensor other) {
        return apply(new Add(), this, other);
    }

    public Tensor sub(Tensor other) {
        return apply(new Sub(), this, other);
    }

    public Tensor mul(Tensor other) {
        return apply(new Mul(), this, other);
    }

    public Tensor div(Tensor other) {
        return apply(new Div(), this, other);
    }

    public Tensor pow(Tensor exponent) {
        return apply(new Pow(), this, exponent);
    }

    public Tensor add(float value) {
        return add(scalar(value));
    }

    public Tensor sub(float value) {
        return sub(scalar(value));
    }

    public Tensor mul(float value) {
        return mul(scalar(value));
    }

    public Tensor div(float value) {
        return div(scalar(value));
    }

    public Tensor pow(float exponent) {
        return apply(new PowScalar(exponent), this);
    }

    public Tensor neg() {
        return apply(new Neg(), this);
    }

    public Tensor exp() {
        return apply(new Exp(), this);
    }

    public Tensor log() {
        return apply(new Log(), this);
    }

    public Tensor sqrt() {
        return apply(new Sqrt(), this);
    }

    public Tensor abs() {
        return apply(new Abs(), this);
    }

    public Tensor square() {
        return mul(this);
    }

    public Tensor clamp(float low, float high) {
        return apply(new Clamp(low, high), this);
    }

    public Tensor maximum(Tensor other) {
        return apply(new Maximum(), this, other);
    }

    public Tensor minimum(Tensor other) {
        return apply(new Minimum(), this, other);
    }

    /** {@code a} where {@code mask != 0}, else {@code b}; the mask is a constant. */
    public static Tensor where(NdArray mask, Tensor a, Tensor b) {
        return apply(new Where(mask), a, b);
    }

    /** Comparisons give constant 0/1 tensors (no gradient), like PyTorch's boolean masks. */
    public Tensor gt(Tensor other) {
        return constant(value.gt(other.value));
    }

    public Tensor ge(Tensor other) {
        return constant(value.ge(other.value));
    }

    public Tensor lt(Tensor other) {
        return constant(value.lt(other.value));
    }

    public Tensor le(Tensor other) {
        return constant(value.le(other.value));
    }

    public Tensor eq(Tensor other) {
        return constant(value.eq(other.value));
    }

    // ---------------------------------------------------------------- activations

    /**
     * Inverted dropout: each element zeroed with probability {@code rate}, the rest scaled by {@code 1 / (1 - rate)},
     * the mask drawn from {@code seed} (the same seed, the same mask).
     */
    public Tensor dropout(float rate, long seed) {
        return apply(new dev.backprop.autograd.Dropout(rate, seed), this);
    }

    public Tensor relu() {
        return apply(new Relu(), this);
    }

    public Tensor leakyRelu(float slope) {
        return apply(new LeakyRelu(slope), this);
    }

    public Tensor sigmoid() {
        return apply(new Sigmoid(), this);
    }

    public Tensor tanh() {
        return apply(new Tanh(), this);
    }

    public Tensor gelu() {
        return apply(new Gelu(), this);
    }

    public Tensor softplus() {
        return apply(new Softplus(), this);
    }

    /** {@code log(sum(exp(x)))} over {@code axes}, shifted by the (constant) maximum so it never overflows. */
    public Tensor logSumExp(int[] axes, boolean keepDims) {
        Tensor shift = constant(finiteOrZero(value.max(axes, true)));
        Tensor lse = sub(shift).exp().sum(axes, true).log().add(shift);
        return keepDims ? lse : lse.squeezeAxes(axes);
    }

    /** Softmax along {@code axis}: {@code e / sum(e)} with {@code e = exp(x - max x)}, finite for inputs of any size. */
    public Tensor softmax(int axis) {
        Tensor e = shiftedByMax(axis).exp();
        return e.div(e.sum(new int[] {axis}, true));
    }

    /** Log-softmax along {@code axis}: {@code s - log(sum(exp(s)))} with {@code s = x - max x}. */
    public Tensor logSoftmax(int axis) {
        Tensor s = shiftedByMax(axis);
        return s.sub(s.exp().sum(new int[] {axis}, true).log());
    }

    /** {@code x - max(x)} along {@code axis}, the maximum a constant (the result does not depend on it). */
    private Tensor shiftedByMax(int axis) {
        return sub(constant(finiteOrZero(value.max(new int[] {axis}, true))));
    }

    private static NdArray finiteOrZero(NdArray m) {
        return m.map(v -> Float.isFinite(v) ? v : 0f); // an all -inf row shifts by 0, not by -inf - -inf = NaN
    }

    private Tensor squeezeAxes(int[] axes) {
        int[] dims = value.shape().dims();
        boolean[] drop = new boolean[dims.length];
        for (int a : axes) {
            drop[value.shape().axis(a)] = true;
        }
        return reshape(java.util.stream.IntStream.range(0, dims.length)
                .filter(i -> !drop[i])
                .map(i -> dims[i])
                .toArray());
    }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() {
        return sum(allAxes(), false);
    }

    public Tensor sum(int[] axes, boolean keepDims) {
        return apply(new Sum(axes, keepDims), this);
    }

    public Tensor mean() {
        return mean(allAxes(), false);
    }

    public Tensor mean(int[] axes, boolean keepDims) {
        return sum(axes, keepDims).div(reducedCount(axes));
    }

    /** Variance over {@code axes}; {@code correction} 0 for the population variance, 1 for the sample variance. */
    public Tensor variance(int[] axes, boolean keepDims, int correction) {
        Tensor centred = sub(mean(axes, true));
        return centred.square().sum(axes, keepDims).div(Math.max(0, reducedCount(axes) - correction));
    }

    public Tensor max(int[] axes, boolean keepDims) {
        return apply(new Max(axes, keepDims), this);
    }

    public Tensor min(int[] axes, boolean keepDims) {
        return apply(new Min(axes, keepDims), this);
    }

    public Tensor max() {
        return max(allAxes(), false);
    }

    public Tensor min() {
        return min(allAxes(), false);
    }

    /** Index of the largest element along {@code axis} (not differentiable). */
    public int[] argmax(int axis) {
        return value.argmax(axis);
    }

    public int[] argmin(int axis) {
        return value.argmin(axis);
    }

    /** How many elements each output of a reduction over {@code axes} combines. */
    private int reducedCount(int[] axes) {
        int count = 1;
        for (int a : axes) {
            count *= value.shape().dim(a);
        }
        return count;
    }

    private int[] allAxes() {
        return java.util.stream.IntStream.range(0, rank()).toArray();
    }

    // ---------------------------------------------------------------- linear algebra and shape

    public Tensor matmul(Tensor other) {
        return apply(new MatMul(), this, other);
    }

    public Tensor reshape(int... dims) {
        return apply(new Reshape(dims), this);
    }

    /** Keeps axis 0 and flattens the rest: {@code [batch, ...] -> [batch, features]}. */
    public Tensor flatten() {
        return reshape(rank() == 0 ? 1 : shape().dim(0), -1);
    }

    public Tensor permute(int... axes) {
        return apply(new Permute(axes), this);
    }

    public Tensor transpose(int axis0, int axis1) {
        int[] axes = java.util.stream.IntStream.range(0, rank()).toArray();
        int a = shape().axis(axis0), b = shape().axis(axis1);
        axes[a] = b;
        axes[b] = a;
        return permute(axes);
    }

    public Tensor expand(Shape target) {
        return apply(new Expand(target), this);
    }

    public Tensor unsqueeze(int axis) {
        return reshape(value.unsqueeze(axis).shape().dims());
    }

    public Tensor squeeze(int axis) {
        return reshape(value.squeeze(axis).shape().dims());
    }

    public Tensor narrow(int axis, int start, int length) {
        return slice(axis, start, start + length, 1);
    }

    public Tensor slice(int axis, int start, int end, int step) {
        return apply(new Slice(axis, start, end, step), this);
    }

    /** Pads with {@code value}; {@code widths} holds (before, after) per axis, outermost first. */
    public Tensor pad(int[] widths, float value) {
        return apply(new Pad(widths, value), this);
    }

    /** Rows {@code indices} along {@code axis}: an embedding lookup on axis 0. */
    public Tensor indexSelect(int axis, int... indices) {
        return apply(new IndexSelect(axis, indices), this);
    }

    /** PyTorch's {@code gather} along {@code axis}; {@code index} has {@code indexShape}. */
    public Tensor gather(int axis, int[] index, Shape indexShape) {
        return apply(new Gather(axis, index, indexShape), this);
    }

    public static Tensor concat(int axis, List<Tensor> tensors) {
        return apply(new Concat(axis), tensors);
    }

    public static Tensor stack(int axis, List<Tensor> tensors) {
        return concat(axis, tensors.stream().map(t -> t.unsqueeze(axis)).toList());
    }

    /** Consecutive pieces of {@code sizes} along {@code axis}. */
    public List<Tensor> split(int axis, int... sizes) {
        if (java.util.Arrays.stream(sizes).sum() != shape().dim(axis)) {
            throw new IllegalArgumentException("split: sizes " + java.util.Arrays.toString(sizes) + " do not add up to "
                    + shape().dim(axis) + ", the size of axis " + axis + " of " + shape());
        }
        List<Tensor> parts = new ArrayList<>(sizes.length);
        int start = 0;
        for (int s : sizes) {
            parts.add(narrow(axis, start, s));
            start += s;
        }
        return parts;
    }

    // ---------------------------------------------------------------- convolution and pooling

    /**
     * 2-D convolution of this {@code [N, C, H, W]} input with {@code weight [O, C/groups, kh, kw]}: stride, zero
     * padding and dilation per axis (height, width), as PyTorch's {@code conv2d}.
     */
    public Tensor conv2d(Tensor weight, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv2d(weight, null, stride, padding, dilation, groups);
    }

    /** As {@link #conv2d(Tensor, int[], int[], int[], int)} with a {@code bias [O]} added in the same pass. */
    public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv2d(weight, bias, stride, padding, dilation, groups, Conv2d.Fused.NONE);
    }

    /** As above with an activation fused into the convolution's pass ({@code relu(conv2d(x) + bias)}). */
    public Tensor conv2d(
            Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups, Conv2d.Fused fused) {
        return conv2d(weight, bias, stride, padding, dilation, groups, fused, null);
    }

    /**
     * As above, then max pooling inside the same pass when {@code pool} is not null: the value and gradient of {@code
     * conv2d(...).maxPool2d(...)} without the unpooled activation ever being stored.
     */
    public Tensor conv2d(
            Tensor weight,
            Tensor bias,
            int[] stride,
            int[] padding,
            int[] dilation,
            int groups,
            Conv2d.Fused fused,
            Conv2d.MaxPool pool) {
        return conv2d(weight, bias, stride, padding, dilation, groups, fused, pool, null);
    }

    /**
     * As above, then inverted dropout inside the same pass when {@code dropout} is not null: the value and gradient of
     * {@code conv2d(...).dropout(dropout.rate(), dropout.seed())}.
     */
    public Tensor conv2d(
            Tensor weight,
            Tensor bias,
            int[] stride,
            int[] padding,
            int[] dilation,
            int groups,
            Conv2d.Fused fused,
            Conv2d.MaxPool pool,
            DropoutMask dropout) {
        Conv2d op = new Conv2d(
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups, fused, pool, dropout);
        return apply(op, bias == null ? List.of(this, weight) : List.of(this, weight, bias));
    }

    public Tensor maxPool2d(int[] kernel, int[] stride, int[] padding) {
        return apply(new MaxPool2d(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]), this);
    }

    public Tensor avgPool2d(int[] kernel, int[] stride, int[] padding) {
        return apply(new AvgPool2d(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]), this);
    }

    /** Per-row cross-entropy of these logits {@code [N, K]} against target distributions {@code [N, K]}: {@code [N]}. */
    public Tensor softmaxCrossEntropy(NdArray target) {
        return apply(new SoftmaxCrossEntropy(target), this);
    }

    @Override
    public String toString() {
        String suffix = node != null ? "gradFn=" + node.op().name() : requiresGrad ? "requiresGrad=true" : "";
        return Format.format(value, "tensor", suffix);
    }
}
