package dev.backprop.array;

import dev.backprop.array.kernel.BinaryFn;
import dev.backprop.array.kernel.ElementWise;
import dev.backprop.array.kernel.StridedLoop;
import java.util.Arrays;

/** Sums and extrema over any set of axes, in one pass over the input in memory order. */
final class Reductions {
    private Reductions() {}

    static boolean[] axisMask(Shape shape, int[] axes, String op) {
        boolean[] mask = new boolean[shape.rank()];
        for (int axis : axes) {
            int a;
            try {
                a = shape.axis(axis);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + shape, e);
            }
            if (mask[a]) {
                throw new IllegalArgumentException(op + ": axis " + axis + " repeats in " + Arrays.toString(axes));
            }
            mask[a] = true;
        }
        return mask;
    }

    static int reducedCount(Shape shape, int[] axes, String op) {
        boolean[] mask = axisMask(shape, axes, op);
        int n = 1;
        for (int i = 0; i < mask.length; i++) {
            n *= mask[i] ? shape.dim(i) : 1;
        }
        return n;
    }

    private static Shape kept(Shape shape, boolean[] mask) {
        int[] dims = shape.dims();
        for (int i = 0; i < dims.length; i++) {
            if (mask[i]) {
                dims[i] = 1;
            }
        }
        return Shape.of(dims);
    }

    private static Shape dropped(Shape shape, boolean[] mask) {
        return Shape.of(java.util.stream.IntStream.range(0, shape.rank())
                .filter(i -> !mask[i])
                .map(shape::dim)
                .toArray());
    }

    /** Strides that walk the output while the loop walks the input: 0 on reduced axes. */
    private static int[] outputStrides(Shape keptShape, boolean[] mask) {
        int[] st = keptShape.contiguousStrides();
        for (int i = 0; i < st.length; i++) {
            if (mask[i]) {
                st[i] = 0;
            }
        }
        return st;
    }

    static NdArray sum(NdArray x, int[] axes, boolean keepDims) {
        boolean[] mask = axisMask(x.shape, axes, "sum");
        Shape keptShape = kept(x.shape, mask);
        NdArray out = NdArray.zeros(keptShape);
        float[] o = out.data, in = x.data;
        StridedLoop loop =
                new StridedLoop(x.shape.dims(), x.offset, x.strides, 0, null, 0, outputStrides(keptShape, mask));
        int sa = loop.strideA, so = loop.strideOut;
        loop.forEach((ia, ib, io, n) -> {
            if (so == 0) { // the inner run collapses onto one output: accumulate in double
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += in[ia + i * sa];
                }
                o[io] += (float) s;
            } else if (sa == 1 && so == 1) { // rows added onto rows (a bias gradient over a batch): vector loops
                ElementWise.binary(BinaryFn.ADD, o, io, 1, in, ia, 1, o, io, 1, n);
            } else {
                for (int i = 0; i < n; i++) {
                    o[io + i * so] += in[ia + i * sa];
                }
            }
        });
        return keepDims ? out : out.reshape(dropped(x.shape, mask));
    }

    static Extremum extremum(NdArray x, int[] axes, boolean keepDims, boolean min) {
        String op = min ? "min" : "max";
        boolean[] mask = axisMask(x.shape, axes, op);
        if (x.size() == 0) {
            throw new IllegalArgumentException(op + ": the array of shape " + x.shape + " is empty");
        }
        NdArray c = x.contiguous(); // so that memory offset minus base is the row-major index
        Shape keptShape = kept(x.shape, mask);
        NdArray out = NdArray.full(keptShape, min ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
        int[] index = new int[out.size()];
        Arrays.fill(index, -1);
        float[] o = out.data, in = c.data;
        int base = c.offset;
        StridedLoop loop =
                new StridedLoop(x.shape.dims(), c.offset, c.strides, 0, null, 0, outputStrides(keptShape, mask));
        int sa = loop.strideA, so = loop.strideOut;
        loop.forEach((ia, ib, io, n) -> {
            for (int i = 0; i < n; i++) {
                int src = ia + i * sa, dst = io + i * so;
                float v = in[src];
                boolean better = min ? v < o[dst] : v > o[dst];
                if (better || index[dst] < 0 || (Float.isNaN(v) && !Float.isNaN(o[dst]))) {
                    o[dst] = v;
                    index[dst] = src - base;
                }
            }
        });
        return new Extremum(keepDims ? out : out.reshape(dropped(x.shape, mask)), index);
    }

    static int[] argExtremum(NdArray x, int axis, boolean min) {
        int a = x.shape.axis(axis);
        int[] flat = extremum(x, new int[] {a}, false, min).indices();
        int stride = x.shape.contiguousStrides()[a], dim = x.shape.dim(a);
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (flat[i] / stride) % dim;
        }
        return flat;
    }

    static NdArray sumTo(NdArray x, Shape target) {
        if (x.shape.equals(target)) {
            return x;
        }
        int lead = x.rank() - target.rank();
        if (lead < 0) {
            throw new IllegalArgumentException("sumTo: cannot reduce " + x.shape + " to the higher rank " + target);
        }
        int[] axes = java.util.stream.IntStream.range(0, x.rank())
                .filter(i -> i < lead || (target.dim(i - lead) == 1 && x.shape.dim(i) != 1))
                .toArray();
        for (int i = lead; i < x.rank(); i++) {
            int t = target.dim(i - lead);
            if (t != 1 && t != x.shape.dim(i)) {
                throw new IllegalArgumentException("sumTo: " + x.shape + " does not broadcast from " + target);
            }
        }
        return sum(x, axes, true).reshape(target);
    }
}
