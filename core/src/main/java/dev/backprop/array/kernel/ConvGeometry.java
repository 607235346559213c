package dev.backprop.array.kernel;

/**
 * The sizes of a 2-D convolution or pooling window over NCHW input: {@code outH = (H + 2 padH - dilationH (kernelH -
 * 1) - 1) / strideH + 1}, likewise for the width.
 */
public record ConvGeometry(
        int batch,
        int channels,
        int height,
        int width,
        int kernelH,
        int kernelW,
        int strideH,
        int strideW,
        int padH,
        int padW,
        int dilationH,
        int dilationW) {
    public ConvGeometry {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("kernel, stride and dilation must be >= 1, got kernel " + kernelH + "x"
                    + kernelW + ", stride " + strideH + "x" + strideW + ", dilation " + dilationH + "x" + dilationW);
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padH + "x" + padW);
        }
    }

    public int outH() {
        return Math.floorDiv(height + 2 * padH - dilationH * (kernelH - 1) - 1, strideH)
                + 1; // < 1 when it does not fit
    }

    public int outW() {
        return Math.floorDiv(width + 2 * padW - dilationW * (kernelW - 1) - 1, strideW) + 1;
    }

    /** Output positions per plane. */
    public int outPlane() {
        return outH() * outW();
    }

    /** Rows of the column matrix for {@code channelCount} channels: one per (channel, ki, kj). */
    public int patch(int channelCount) {
        return channelCount * kernelH * kernelW;
    }
}
