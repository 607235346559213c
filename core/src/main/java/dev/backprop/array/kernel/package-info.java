/**
 * The loops under {@link dev.backprop.array.NdArray}: element-wise rows, strided iteration, matrix multiply, and the
 * worker pool that splits them across cores. Plain arrays and offsets in, no shapes or gradients.
 */
package dev.backprop.array.kernel;
