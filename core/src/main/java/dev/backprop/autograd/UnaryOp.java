package dev.backprop.autograd;

import dev.backprop.array.NdArray;

/** An op of one input. */
public sealed interface UnaryOp extends Op
        permits Abs,
                Dropout,
                AvgPool2d,
                Clamp,
                Exp,
                Expand,
                Gather,
                Gelu,
                IndexSelect,
                LeakyRelu,
                Log,
                Max,
                MaxPool2d,
                Min,
                Neg,
                Pad,
                Permute,
                PowScalar,
                Relu,
                Reshape,
                Sigmoid,
                Slice,
                SoftmaxCrossEntropy,
                Softplus,
                Sqrt,
                Sum,
                Tanh {
    Result forward(NdArray x);
}
