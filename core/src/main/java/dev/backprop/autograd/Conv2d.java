package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.array.kernel.ConvGeometry;
import dev.backprop.array.kernel.Convolution;
import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) of {@code x [N, C, H, W]} with {@code w [O, C/groups, kh, kw]},
 * giving {@code [N, O, outH, outW]}. Through im2col and matrix products; the unfolded input is what the pullback keeps.
 * The bias is a separate broadcast add.
 */
public final class Conv2d implements BinaryOp {
    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;
    private final int dilationH;
    private final int dilationW;
    private final int groups;

    public Conv2d(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.groups = groups;
    }

    @Override
    public Result forward(NdArray x, NdArray w) {
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
        float[] xs = x.owned().buffer(), ws = w.owned().buffer();
        float[] cols = new float[g.batch() * g.patch(channels) * g.outPlane()];
        NdArray y = NdArray.zeros(g.batch(), out, g.outH(), g.outW());
        Convolution.forward(g, out, groups, xs, ws, cols, y.buffer());
        return new Result(y, Pullback.selective((gradOut, needed) -> {
            NdArray gradX = needed[0] ? NdArray.zeros(x.shape()) : null;
            NdArray gradW = needed[1] ? NdArray.zeros(w.shape()) : null;
            Convolution.backward(
                    g,
                    out,
                    groups,
                    gradOut.owned().buffer(),
                    ws,
                    cols,
                    gradX == null ? null : gradX.buffer(),
                    gradW == null ? null : gradW.buffer());
            return Arrays.asList(gradX, gradW);
        }));
    }

    /** The output shape for an input shape and a weight shape. */
    public Shape outputShape(Shape x, Shape w) {
        ConvGeometry g = new ConvGeometry(
                x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(2), w.dim(3), strideH, strideW, padH, padW, dilationH,
                dilationW);
        return Shape.of(x.dim(0), w.dim(0), g.outH(), g.outW());
    }
}
