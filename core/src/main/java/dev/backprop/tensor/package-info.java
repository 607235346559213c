/**
 * Tensors with gradients: {@link dev.backprop.tensor.Tensor} records ops define-by-run, {@code backward()} walks the
 * graph once in reverse, {@link dev.backprop.tensor.NoGrad} turns recording off, and
 * {@link dev.backprop.tensor.GradCheck} verifies gradients by central differences.
 */
package dev.backprop.tensor;
