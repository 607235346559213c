package dev.backprop.array;

/**
 * The values of a max or min reduction and, per output element, the row-major index into the input of the element
 * chosen (the first on ties), which is where the gradient goes.
 */
public record Extremum(NdArray values, int[] indices) {}
