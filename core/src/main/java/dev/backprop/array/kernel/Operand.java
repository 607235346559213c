package dev.backprop.array.kernel;

/**
 * A matrix operand of {@link Gemm}: element {@code (i, j)} is {@code data[offset + i*rowStride + j*colStride]}, so a
 * transposed or sliced view is the same storage with other strides.
 */
public record Operand(float[] data, int offset, int rowStride, int colStride) {
    /** A row-major matrix with {@code columns} columns starting at {@code offset}. */
    public static Operand rowMajor(float[] data, int offset, int columns) {
        return new Operand(data, offset, columns, 1);
    }

    /** The same storage read as the transpose. */
    public Operand transposed() {
        return new Operand(data, offset, colStride, rowStride);
    }

    /** Index of element {@code (i, j)}. */
    int at(int i, int j) {
        return offset + i * rowStride + j * colStride;
    }
}
