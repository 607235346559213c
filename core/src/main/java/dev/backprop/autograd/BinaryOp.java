package dev.backprop.autograd;

import dev.backprop.array.NdArray;

/** An op of two inputs; element-wise ones broadcast like NumPy and sum their gradients back with {@code sumTo}. */
public sealed interface BinaryOp extends Op permits Add, Div, MatMul, Maximum, Minimum, Mul, Pow, Sub, Where {
    Result forward(NdArray a, NdArray b);
}
