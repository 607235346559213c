package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import dev.backprop.array.kernel.ConvGeometry;
import dev.backprop.array.kernel.Pooling;
import java.util.List;

/** Mean over {@code kh x kw} windows of NCHW input (padding counts as zero); the gradient is spread evenly. */
public final class AvgPool2d implements UnaryOp {
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;

    public AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
    }

    @Override
    public Result forward(NdArray x) {
        ConvGeometry g = MaxPool2d.geometry("avgPool2d", x, kernelH, kernelW, strideH, strideW, padH, padW);
        NdArray y = NdArray.zeros(g.batch(), g.channels(), g.outH(), g.outW());
        Pooling.averageForward(g, x.owned().buffer(), y.buffer());
        return new Result(y, gradOut -> {
            NdArray gradX = NdArray.zeros(x.shape());
            Pooling.averageBackward(g, gradOut.owned().buffer(), gradX.buffer());
            return List.of(gradX);
        });
    }
}
