package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.array.kernel.ConvGeometry;
import dev.backprop.array.kernel.Pooling;
import java.util.List;

/** Max over {@code kh x kw} windows of NCHW input; the gradient goes to the (first) maximal element of each window. */
public final class MaxPool2d implements UnaryOp {
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;

    public MaxPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
    }

    static ConvGeometry geometry(String op, NdArray x, int kh, int kw, int sh, int sw, int ph, int pw) {
        return geometry(op, x.shape(), kh, kw, sh, sw, ph, pw);
    }

    static ConvGeometry geometry(String op, Shape x, int kh, int kw, int sh, int sw, int ph, int pw) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": input " + x + " must be 4-D [N, C, H, W]");
        }
        if (2 * ph > kh || 2 * pw > kw) {
            throw new IllegalArgumentException(
                    op + ": padding " + ph + "x" + pw + " must be at most half the kernel " + kh + "x" + kw);
        }
        ConvGeometry g = new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), kh, kw, sh, sw, ph, pw, 1, 1);
        if (g.outH() < 1 || g.outW() < 1) {
            throw new IllegalArgumentException(op + ": window " + kh + "x" + kw + " does not fit input " + x);
        }
        return g;
    }

    @Override
    public Result forward(NdArray x) {
        ConvGeometry g = geometry("maxPool2d", x, kernelH, kernelW, strideH, strideW, padH, padW);
        NdArray y = NdArray.zeros(g.batch(), g.channels(), g.outH(), g.outW());
        int[] argmax = new int[y.size()];
        Pooling.maxForward(g, x.owned().buffer(), y.buffer(), argmax);
        return new Result(y, gradOut -> {
            NdArray gradX = NdArray.zeros(x.shape());
            Pooling.maxBackward(g, gradOut.owned().buffer(), argmax, gradX.buffer());
            return List.of(gradX);
        });
    }
}
