package dev.backprop.autograd;

/**
 * A differentiable primitive: its forward computes the value and returns, in the same place, the pullback that maps
 * the output's gradient to the inputs' gradients. Ops see only {@link dev.backprop.array.NdArray}s; the tensor layer
 * records the graph. The set is closed (sealed) so that one test can check that every primitive has a gradient check.
 */
public sealed interface Op permits UnaryOp, BinaryOp, NaryOp {
    /** A short name for messages and graph printing, e.g. {@code MatMul}. */
    default String name() {
        return getClass().getSimpleName();
    }
}
