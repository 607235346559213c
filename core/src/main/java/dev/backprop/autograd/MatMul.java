package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.Arrays;

/**
 * Matrix product with NumPy semantics (batch dimensions broadcast, 1-D operands as vectors): for {@code Y = A B},
 * {@code dA = dY B^T} and {@code dB = A^T dY}, summed over broadcast batch axes. Transposes are views, not copies.
 */
public final class MatMul implements BinaryOp {
    @Override
    public Result forward(NdArray a, NdArray b) {
        NdArray y = a.matmul(b);
        NdArray a2 = a.rank() == 1 ? a.unsqueeze(0) : a; // the matrix forms the product used
        NdArray b2 = b.rank() == 1 ? b.unsqueeze(1) : b;
        return new Result(y, Pullback.selective(2, (gradOut, needed) -> {
            NdArray g = gradOut;
            if (a.rank() == 1) {
                g = g.unsqueeze(-2);
            }
            if (b.rank() == 1) {
                g = g.unsqueeze(-1);
            }
            NdArray gradA =
                    needed[0] ? g.matmul(b2.transpose(-1, -2)).sumTo(a2.shape()).reshape(a.shape()) : null;
            NdArray gradB =
                    needed[1] ? a2.transpose(-1, -2).matmul(g).sumTo(b2.shape()).reshape(b.shape()) : null;
            return Arrays.asList(gradA, gradB);
        }));
    }
}
