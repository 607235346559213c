/**
 * Float32 N-dimensional arrays: {@link dev.backprop.array.NdArray} (storage, shape, strides, views), NumPy
 * broadcasting and its reverse ({@code sumTo}), reductions, matmul, joins. No gradients: the layers above add them.
 */
package dev.backprop.array;
