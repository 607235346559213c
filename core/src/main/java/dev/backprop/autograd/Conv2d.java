package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.array.kernel.ConvGeometry;
import dev.backprop.array.kernel.Convolution;
import dev.backprop.array.kernel.DropoutMask;
import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) of {@code x [N, C, H, W]} with {@code w [O, C/groups, kh, kw]}
 * and an optional {@code bias [O]}, giving {@code [N, O, outH, outW]}. Inputs are {@code (x, w)} or {@code (x, w,
 * bias)}. Through im2col and matrix products, image by image. The bias is added, and its gradient summed, inside the
 * convolution's own passes, saving two sweeps over the largest activation of a CNN; a ReLU and a max pool can run there
 * too ({@link Fused}, {@link MaxPool}), and a dropout after them ({@link DropoutMask}), so that {@code
 * dropout(maxPool2d(relu(conv2d(x) + b)))} never materialises the unpooled activation: the pullback keeps only the
 * output and where in its window each maximum came from.
 */
public final class Conv2d implements NaryOp {
    /** An activation applied inside the convolution's own pass over each output plane. */
    public enum Fused {
        NONE,
        /** {@code max(y, 0)}; the pullback masks the gradient with the output, per image, in scratch memory. */
        RELU
    }

    /**
     * A max pool over the (activated) output, as {@link MaxPool2d} with the same window would apply it next; the result
     * and its gradient are those of the composition.
     */
    public record MaxPool(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {}

    private final Fused fused;
    private final MaxPool pool;
    private final DropoutMask dropout;
    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;
    private final int dilationH;
    private final int dilationW;
    private final int groups;

    public Conv2d(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
        this(strideH, strideW, padH, padW, dilationH, dilationW, groups, Fused.NONE, null);
    }

    /** With an activation and, unless {@code pool} is null, a max pool applied inside the convolution's pass. */
    public Conv2d(
            int strideH,
            int strideW,
            int padH,
            int padW,
            int dilationH,
            int dilationW,
            int groups,
            Fused fused,
            MaxPool pool) {
        this(strideH, strideW, padH, padW, dilationH, dilationW, groups, fused, pool, null);
    }

    /**
     * As above, then, unless {@code dropout} is null, inverted dropout on the result: the value and gradient of {@code
     * x.dropout(rate, seed)} applied to the output of the other form.
     */
    public Conv2d(
            int strideH,
            int strideW,
            int padH,
            int padW,
            int dilationH,
            int dilationW,
            int groups,
            Fused fused,
            MaxPool pool,
            DropoutMask dropout) {
        if (pool != null && pool.kernelH() * pool.kernelW() > 256) {
            throw new IllegalArgumentException("conv2d: a fused max pool window has at most 256 elements, got "
                    + pool.kernelH() + "x" + pool.kernelW() + "; pool in a separate op");
        }
        this.fused = fused;
        this.pool = pool;
        this.dropout = dropout;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.groups = groups;
    }

    @Override
    public Result forward(List<NdArray> inputs) {
        if (inputs.size() != 2 && inputs.size() != 3) {
            throw new IllegalArgumentException(
                    "conv2d: takes (input, weight) or (input, weight, bias), got " + inputs.size() + " inputs");
        }
        NdArray x = inputs.get(0), w = inputs.get(1), bias = inputs.size() == 3 ? inputs.get(2) : null;
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException("conv2d: input " + x.shape() + " and weight " + w.shape()
                    + " must both be 4-D ([N, C, H, W] and [out, in/groups, kh, kw])");
        }
        int channels = x.shape().dim(1), out = w.shape().dim(0);
        if (groups < 1
                || channels % groups != 0
                || out % groups != 0
                || w.shape().dim(1) * groups != channels) {
            throw new IllegalArgumentException("conv2d: input " + x.shape() + " has " + channels + " channels, weight "
                    + w.shape() + " expects " + w.shape().dim(1) + " x " + groups + " groups (out " + out
                    + " must divide by groups too)");
        }
        ConvGeometry g = new ConvGeometry(
                x.shape().dim(0),
                channels,
                x.shape().dim(2),
                x.shape().dim(3),
                w.shape().dim(2),
                w.shape().dim(3),
                strideH,
                strideW,
                padH,
                padW,
                dilationH,
                dilationW);
        if (g.outH() < 1 || g.outW() < 1) {
            throw new IllegalArgumentException(
                    "conv2d: kernel " + w.shape().dim(2) + "x" + w.shape().dim(3)
                            + " (dilation " + dilationH + "x" + dilationW + ") does not fit input " + x.shape()
                            + " with padding "
                            + padH + "x" + padW);
        }
        if (bias != null && !bias.shape().equals(Shape.of(out))) {
            throw new IllegalArgumentException(
                    "conv2d: bias " + bias.shape() + " must be [" + out + "] for weight " + w.shape());
        }
        ConvGeometry pooling = pool == null
                ? null
                : MaxPool2d.geometry(
                        "conv2d max pool",
                        Shape.of(g.batch(), out, g.outH(), g.outW()),
                        pool.kernelH(),
                        pool.kernelW(),
                        pool.strideH(),
                        pool.strideW(),
                        pool.padH(),
                        pool.padW());
        float[] xs = x.owned().buffer(), ws = w.owned().buffer();
        NdArray y = NdArray.uninitialized( // every element written by the convolution or the pool
                pooling == null
                        ? Shape.of(g.batch(), out, g.outH(), g.outW())
                        : Shape.of(g.batch(), out, pooling.outH(), pooling.outW()));
        byte[] where = pooling == null ? null : new byte[y.size()];
        boolean relu = fused == Fused.RELU;
        float[] bs = bias == null ? null : bias.owned().buffer();
        Convolution.forward(g, out, groups, xs, ws, bs, relu, pooling, dropout, y.buffer(), where);
        return new Result(y, Pullback.selective(3, (gradOut, needed) -> {
            // overwritten by the backward pass, which zeroes each before adding into it
            NdArray gradX = needed[0] ? NdArray.uninitialized(x.shape()) : null;
            NdArray gradW = needed[1] ? NdArray.uninitialized(w.shape()) : null;
            NdArray gradB = bias != null && needed[2] ? NdArray.uninitialized(bias.shape()) : null;
            Convolution.backward(
                    g,
                    out,
                    groups,
                    gradOut.owned().buffer(),
                    xs,
                    ws,
                    y.buffer(),
                    relu,
                    pooling,
                    dropout,
                    where,
                    gradX == null ? null : gradX.buffer(),
                    gradW == null ? null : gradW.buffer(),
                    gradB == null ? null : gradB.buffer());
            return bias == null ? Arrays.asList(gradX, gradW) : Arrays.asList(gradX, gradW, gradB);
        }));
    }
}
