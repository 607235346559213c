package dev.backprop.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Concatenation, splitting, padding, and indexing (select, gather, take, scatter), through views and one copy. */
final class Joins {
    private Joins() {}

    static NdArray concat(int axis, List<NdArray> arrays) {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one array");
        }
        Shape first = arrays.get(0).shape;
        int a = first.axis(axis);
        int total = 0;
        for (NdArray x : arrays) {
            if (x.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: shapes " + first + " and " + x.shape + " differ in rank");
            }
            for (int i = 0; i < first.rank(); i++) {
                if (i != a && x.shape.dim(i) != first.dim(i)) {
                    throw new IllegalArgumentException("concat along axis " + a + ": shapes " + first + " and "
                            + x.shape + " differ at axis " + i);
                }
            }
            total += x.shape.dim(a);
        }
        int[] dims = first.dims();
        dims[a] = total;
        NdArray out = NdArray.zeros(dims);
        int position = 0;
        for (NdArray x : arrays) {
            int d = x.shape.dim(a);
            out.narrow(a, position, d).copyFrom(x);
            position += d;
        }
        return out;
    }

    static List<NdArray> split(NdArray x, int axis, int[] sizes) {
        int a = x.shape.axis(axis);
        int total = Arrays.stream(sizes).sum();
        if (total != x.shape.dim(a) || Arrays.stream(sizes).anyMatch(s -> s < 0)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " do not add up to "
                    + x.shape.dim(a) + ", the size of axis " + a + " of " + x.shape);
        }
        List<NdArray> parts = new ArrayList<>(sizes.length);
        int position = 0;
        for (int s : sizes) {
            parts.add(x.narrow(a, position, s));
            position += s;
        }
        return parts;
    }

    static NdArray pad(NdArray x, int[] widths, float value) {
        if (widths.length != 2 * x.rank()) {
            throw new IllegalArgumentException("pad: " + widths.length + " widths for shape " + x.shape
                    + "; give (before, after) for each of its " + x.rank() + " axes");
        }
        int[] dims = x.shape.dims();
        for (int i = 0; i < dims.length; i++) {
            if (widths[2 * i] < 0 || widths[2 * i + 1] < 0) {
                throw new IllegalArgumentException("pad: widths must be >= 0, got " + Arrays.toString(widths));
            }
            dims[i] += widths[2 * i] + widths[2 * i + 1];
        }
        NdArray out = NdArray.full(Shape.of(dims), value);
        NdArray inner = out;
        for (int i = 0; i < dims.length; i++) {
            inner = inner.narrow(i, widths[2 * i], x.shape.dim(i));
        }
        inner.copyFrom(x);
        return out;
    }

    static NdArray indexSelect(NdArray x, int axis, int[] indices) {
        int a = x.shape.axis(axis);
        int size = x.shape.dim(a);
        checkIndices("indexSelect", indices, size, a, x.shape);
        int[] dims = x.shape.dims();
        dims[a] = indices.length;
        NdArray out = NdArray.zeros(dims);
        if (a == 0 && x.isContiguous()) { // embedding lookup: whole rows
            int row = size == 0 ? 0 : x.size() / size;
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(x.data, x.offset + indices[i] * row, out.data, i * row, row);
            }
            return out;
        }
        for (int i = 0; i < indices.length; i++) {
            out.narrow(a, i, 1).copyFrom(x.narrow(a, indices[i], 1));
        }
        return out;
    }

    static NdArray indexAdd(NdArray src, Shape shape, int axis, int[] indices) {
        int a = shape.axis(axis);
        checkIndices("indexAdd", indices, shape.dim(a), a, shape);
        if (src.shape.dim(a) != indices.length) {
            throw new IllegalArgumentException("indexAdd: " + indices.length + " indices for " + src.shape.dim(a)
                    + " slices of " + src.shape + " along axis " + a);
        }
        NdArray out = NdArray.zeros(shape);
        if (a == 0 && src.isContiguous()) {
            int row = shape.dim(0) == 0 ? 0 : shape.size() / shape.dim(0);
            for (int i = 0; i < indices.length; i++) {
                int o = indices[i] * row, s = src.offset + i * row;
                for (int j = 0; j < row; j++) {
                    out.data[o + j] += src.data[s + j];
                }
            }
            return out;
        }
        for (int i = 0; i < indices.length; i++) {
            out.narrow(a, indices[i], 1).addInPlace(src.narrow(a, i, 1));
        }
        return out;
    }

    private static void checkIndices(String op, int[] indices, int size, int axis, Shape shape) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size) {
                throw new IllegalArgumentException(op + ": index " + indices[i] + " at position " + i
                        + " is out of range for axis " + axis + " of " + shape + " (size " + size + ")");
            }
        }
    }

    /** The elements at row-major positions {@code positions} of this array, laid out as {@code shape}. */
    static NdArray take(NdArray x, int[] positions, Shape shape) {
        if (positions.length != shape.size()) {
            throw new IllegalArgumentException("take: " + positions.length + " positions do not fill shape " + shape);
        }
        NdArray c = x.contiguous();
        float[] out = new float[positions.length];
        for (int i = 0; i < out.length; i++) {
            int p = positions[i];
            if (p < 0 || p >= x.size()) {
                throw new IllegalArgumentException("take: position " + p + " is out of range for shape " + x.shape);
            }
            out[i] = c.data[c.offset + p];
        }
        return NdArray.wrap(out, shape);
    }

    /** A zero array of {@code shape} with element {@code i} of {@code values} added at row-major {@code positions[i]}. */
    static NdArray scatterAdd(Shape shape, int[] positions, NdArray values) {
        if (positions.length != values.size()) {
            throw new IllegalArgumentException("scatterAdd: " + positions.length + " positions for " + values.size()
                    + " values of shape " + values.shape);
        }
        float[] out = new float[shape.size()];
        float[] v = values.toArray();
        for (int i = 0; i < v.length; i++) {
            out[positions[i]] += v[i];
        }
        return NdArray.wrap(out, shape);
    }

    /**
     * Row-major positions for PyTorch's {@code gather}: output element {@code e} (of {@code indexShape}) reads this array
     * at the coordinates of {@code e} with the coordinate on {@code axis} replaced by {@code index[e]}.
     */
    static int[] gatherPositions(NdArray x, int axis, int[] index, Shape indexShape) {
        int a = x.shape.axis(axis);
        if (indexShape.rank() != x.rank() || index.length != indexShape.size()) {
            throw new IllegalArgumentException("gather: index x.shape " + indexShape + " (" + index.length
                    + " indices) does not match the rank of " + x.shape);
        }
        for (int i = 0; i < x.rank(); i++) {
            if (i != a && indexShape.dim(i) > x.shape.dim(i)) {
                throw new IllegalArgumentException(
                        "gather: index x.shape " + indexShape + " exceeds " + x.shape + " at axis " + i);
            }
        }
        int[] own = x.shape.contiguousStrides();
        int[] coordinate = new int[x.rank()];
        int[] positions = new int[index.length];
        for (int e = 0; e < index.length; e++) {
            if (index[e] < 0 || index[e] >= x.shape.dim(a)) {
                throw new IllegalArgumentException("gather: index " + index[e] + " at position " + e
                        + " is out of range for axis " + a + " of " + x.shape);
            }
            int p = 0;
            for (int i = 0; i < x.rank(); i++) {
                p += (i == a ? index[e] : coordinate[i]) * own[i];
            }
            positions[e] = p;
            for (int i = x.rank() - 1; i >= 0; i--) {
                if (++coordinate[i] < indexShape.dim(i)) {
                    break;
                }
                coordinate[i] = 0;
            }
        }
        return positions;
    }
}
