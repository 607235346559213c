package dev.backprop.array;

import dev.backprop.array.kernel.Gemm;
import dev.backprop.array.kernel.Operand;
import dev.backprop.array.kernel.StridedLoop;
import java.util.Arrays;

/** Matrix products on strided views: no operand is copied, transposed ones included. */
final class LinearAlgebra {
    private LinearAlgebra() {}

    /** The product of {@code a} and {@code b}, in {@code out} unless it is null. */
    static NdArray matmul(NdArray a, NdArray b, NdArray out) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException(
                    "matmul: " + a.shape + " x " + b.shape + ": scalars have no matrix product");
        }
        NdArray x = a.rank() == 1 ? a.unsqueeze(0) : a;
        NdArray y = b.rank() == 1 ? b.unsqueeze(1) : b;
        int m = x.shape.dim(-2), k = x.shape.dim(-1), k2 = y.shape.dim(-2), n = y.shape.dim(-1);
        if (k != k2) {
            throw new IllegalArgumentException(
                    "matmul: " + a.shape + " x " + b.shape + ": inner dimensions differ (" + k + " vs " + k2 + ")");
        }
        int[] xd = x.shape.dims(), yd = y.shape.dims();
        Shape batchX = Shape.of(Arrays.copyOf(xd, xd.length - 2));
        Shape batchY = Shape.of(Arrays.copyOf(yd, yd.length - 2));
        Shape batch;
        try {
            batch = Shape.broadcast("matmul", batchX, batchY);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "matmul: " + a.shape + " x " + b.shape + ": batch dimensions " + batchX + " and " + batchY
                            + " cannot be broadcast",
                    e);
        }
        int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Shape productShape = Shape.of(outDims);
        NdArray product;
        if (out == null) {
            product = NdArray.uninitialized(productShape); // each product writes its block (C = A B)
        } else {
            int[] dims = outDims;
            if (a.rank() == 1) { // a vector times a matrix: the row axis goes
                dims = withoutAxis(dims, dims.length - 2);
            }
            if (b.rank() == 1) { // a matrix times a vector: the column axis goes
                dims = withoutAxis(dims, dims.length - 1);
            }
            Shape expected = Shape.of(dims);
            if (!out.shape.equals(expected) || !out.isContiguous()) {
                throw new IllegalArgumentException("matmul: " + a.shape + " x " + b.shape + " is " + expected
                        + ", but out is " + out.shape + (out.isContiguous() ? "" : " and not contiguous"));
            }
            product = out.reshape(productShape);
        }
        NdArray xb = x.expand(withMatrix(batch, m, k)), yb = y.expand(withMatrix(batch, k, n));
        int r = batch.rank();
        int xRow = xb.strides[r], xCol = xb.strides[r + 1], yRow = yb.strides[r], yCol = yb.strides[r + 1];
        StridedLoop loop = new StridedLoop(
                batch.dims(),
                xb.offset,
                Arrays.copyOf(xb.strides, r),
                yb.offset,
                Arrays.copyOf(yb.strides, r),
                product.offset,
                Arrays.copyOf(product.strides, r));
        loop.forEach((ox, oy, oo, len) -> {
            for (int t = 0; t < len; t++) {
                Gemm.gemm(
                        m,
                        n,
                        k,
                        new Operand(xb.data, ox + t * loop.strideA, xRow, xCol),
                        new Operand(yb.data, oy + t * loop.strideB, yRow, yCol),
                        product.data,
                        oo + t * loop.strideOut,
                        n,
                        false);
            }
        });
        if (out != null) {
            return out;
        }
        NdArray result = product;
        if (a.rank() == 1) {
            result = result.squeeze(-2);
        }
        if (b.rank() == 1) {
            result = result.squeeze(-1);
        }
        return result;
    }

    private static int[] withoutAxis(int[] dims, int axis) {
        int[] out = new int[dims.length - 1];
        System.arraycopy(dims, 0, out, 0, axis);
        System.arraycopy(dims, axis + 1, out, axis, dims.length - axis - 1);
        return out;
    }

    private static Shape withMatrix(Shape batch, int rows, int cols) {
        int[] dims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        dims[batch.rank()] = rows;
        dims[batch.rank() + 1] = cols;
        return Shape.of(dims);
    }
}
