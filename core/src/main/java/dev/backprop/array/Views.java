package dev.backprop.array;

import java.util.Arrays;

/** The views of {@link NdArray}: new shape, strides and offset over the same storage, no element copied. */
final class Views {
    private Views() {}

    /** The same elements with another shape; one dimension may be -1. A view when the layout allows, else a copy. */
    static NdArray reshape(NdArray x, int... dims) {
        Shape target = Shape.of(inferDims(x, dims));
        if (target.equals(x.shape)) {
            return x;
        }
        if (x.isContiguous()) {
            return new NdArray(x.data, target, target.contiguousStrides(), x.offset);
        }
        return reshape(x.contiguous(), dims);
    }

    private static int[] inferDims(NdArray x, int[] dims) {
        int[] out = dims.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException(
                            "reshape " + x.shape + " to " + Arrays.toString(dims) + ": only one dimension can be -1");
                }
                unknown = i;
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0 && known > 0 && x.size() % known == 0) {
            out[unknown] = (int) (x.size() / known);
            known *= out[unknown];
        }
        if (known != x.size() || (unknown >= 0 && known == 0)) {
            throw new IllegalArgumentException(
                    "reshape: cannot view " + x.shape + " (" + x.size() + " elements) as " + Arrays.toString(dims));
        }
        return out;
    }

    /** Reorders the axes: {@code permute(0, 2, 3, 1)} turns NCHW into NHWC. A view. */
    static NdArray permute(NdArray x, int... axes) {
        if (axes.length != x.rank()) {
            throw new IllegalArgumentException(
                    "permute: " + Arrays.toString(axes) + " does not list the " + x.rank() + " axes of " + x.shape);
        }
        int[] dims = new int[x.rank()];
        int[] st = new int[x.rank()];
        boolean[] seen = new boolean[x.rank()];
        for (int i = 0; i < axes.length; i++) {
            int a = x.shape.axis(axes[i]);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + a + " repeats in " + Arrays.toString(axes));
            }
            seen[a] = true;
            dims[i] = x.shape.dim(a);
            st[i] = x.strides[a];
        }
        return new NdArray(x.data, Shape.of(dims), st, x.offset);
    }

    /** Swaps two axes. A view. */
    static NdArray transpose(NdArray x, int axis0, int axis1) {
        int[] axes = new int[x.rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        int a = x.shape.axis(axis0), b = x.shape.axis(axis1);
        axes[a] = b;
        axes[b] = a;
        return permute(x, axes);
    }

    /** Elements {@code start, start+step, ...} below {@code end} along {@code axis} ({@code step > 0}). A view. */
    static NdArray slice(NdArray x, int axis, int start, int end, int step) {
        int a = x.shape.axis(axis);
        int d = x.shape.dim(a);
        if (step <= 0 || start < 0 || end > d || start > end) {
            throw new IllegalArgumentException(
                    "slice: [" + start + ":" + end + ":" + step + "] is out of range for axis " + a + " of " + x.shape);
        }
        int[] dims = x.shape.dims();
        dims[a] = (end - start + step - 1) / step;
        int[] st = x.strides.clone();
        st[a] = x.strides[a] * step;
        return new NdArray(x.data, Shape.of(dims), st, x.offset + start * x.strides[a]);
    }

    /** Broadcasts to {@code target} without copying (stride 0 on the expanded axes). */
    static NdArray expand(NdArray x, Shape target) {
        if (target.equals(x.shape)) {
            return x;
        }
        int lead = target.rank() - x.rank();
        if (lead < 0) {
            throw new IllegalArgumentException("expand: cannot expand " + x.shape + " to the lower rank " + target);
        }
        int[] st = new int[target.rank()];
        for (int i = 0; i < x.rank(); i++) {
            int d = x.shape.dim(i), t = target.dim(lead + i);
            if (d == t) {
                st[lead + i] = x.strides[i];
            } else if (d != 1) {
                throw new IllegalArgumentException("expand: cannot expand " + x.shape + " to " + target + " (axis " + i
                        + ": " + d + " vs " + t + ")");
            }
        }
        return new NdArray(x.data, target, st, x.offset);
    }

    /** Inserts an axis of size 1 at {@code axis} (which may be {@code x.rank()}). */
    static NdArray unsqueeze(NdArray x, int axis) {
        int a = axis < 0 ? axis + x.rank() + 1 : axis;
        if (a < 0 || a > x.rank()) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for " + x.shape);
        }
        int[] dims = new int[x.rank() + 1];
        int[] st = new int[x.rank() + 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i == a) {
                dims[i] = 1;
                st[i] = 0;
            } else {
                dims[i] = x.shape.dim(j);
                st[i] = x.strides[j++];
            }
        }
        return new NdArray(x.data, Shape.of(dims), st, x.offset);
    }

    /** Removes axis {@code axis}, which must have size 1. */
    static NdArray squeeze(NdArray x, int axis) {
        int a = x.shape.axis(axis);
        if (x.shape.dim(a) != 1) {
            throw new IllegalArgumentException(
                    "squeeze: axis " + axis + " of " + x.shape + " has size " + x.shape.dim(a));
        }
        int[] dims = new int[x.rank() - 1];
        int[] st = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != a) {
                dims[j] = x.shape.dim(i);
                st[j++] = x.strides[i];
            }
        }
        return new NdArray(x.data, Shape.of(dims), st, x.offset);
    }
}
