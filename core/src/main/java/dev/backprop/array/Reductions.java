package dev.backprop.array;

import dev.backprop.array.kernel.BinaryFn;
import dev.backprop.array.kernel.ElementWise;
import dev.backprop.array.kernel.Parallel;
import dev.backprop.array.kernel.Reduction;
import dev.backprop.array.kernel.StridedLoop;
import java.util.Arrays;

/**
 * Sums and extrema over any set of axes, in one pass over the input in memory order. Sums are split across threads
 * where every output still adds its elements in one order: by rows of the input when each row has an output of its
 * own, by columns when rows add onto rows, and a long run by {@link Reduction}'s fixed chunks.
 */
final class Reductions {
    /** Columns per block when threads split the columns of a sum over rows: four cache lines of floats. */
    private static final int COLUMN_BLOCK = 64;

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
        int sa = loop.strideA, so = loop.strideOut, length = loop.length;
        if (so == 0) { // each row collapses onto one output: a sum in double
            StridedLoop.Row row = (ia, ib, io, n) -> o[io] += (float) Reduction.sum(in, ia, sa, n);
            if (loop.rowsApart()) {
                int grain = Math.max(1, NdArray.PARALLEL_ELEMENTS / Math.max(1, length));
                Parallel.forRange(loop.rows(), grain, (s, e) -> loop.forRows(s, e, row));
            } else {
                loop.forEach(row);
            }
        } else if (sa == 1 && so == 1 && o.length == length) {
            // every row adds onto the one row of outputs (a bias gradient over a batch): vector loops, the columns
            // split across threads, each adding its slice of every row into a buffer of its own and copying it out
            // once (two threads writing into one cache line of the output passed it back and forth for every row,
            // which made two threads slower than one); each output still adds its rows in order
            int blocks = (length + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
            int grain = Math.max(1, NdArray.PARALLEL_ELEMENTS / COLUMN_BLOCK / Math.max(1, loop.rows()));
            Parallel.forRange(blocks, grain, (s, e) -> {
                int from = s * COLUMN_BLOCK, n = Math.min(length, e * COLUMN_BLOCK) - from;
                float[] acc = new float[n];
                loop.forEach((ia, ib, io, len) ->
                        ElementWise.binary(BinaryFn.ADD, acc, 0, 1, in, ia + from, 1, acc, 0, 1, n));
                System.arraycopy(acc, 0, o, from, n);
            });
        } else if (sa == 1 && so == 1) { // rows added onto rows: vector loops
            loop.forEach((ia, ib, io, n) -> ElementWise.binary(BinaryFn.ADD, o, io, 1, in, ia, 1, o, io, 1, n));
        } else {
            loop.forEach((ia, ib, io, n) -> {
                for (int i = 0; i < n; i++) {
                    o[io + i * so] += in[ia + i * sa];
                }
            });
        }
        return keepDims ? out : out.reshape(dropped(x.shape, mask));
    }

    /**
     * The max (or min) over {@code axes} without where it is: {@link #extremum}'s values, from {@link Reduction}'s
     * vector loops when the reduced elements of each output lie along rows of the input, split across threads when
     * each row has an output of its own.
     */
    static NdArray extremumValues(NdArray x, int[] axes, boolean keepDims, boolean min) {
        boolean[] mask = axisMask(x.shape, axes, min ? "min" : "max");
        Shape keptShape = kept(x.shape, mask);
        StridedLoop loop =
                new StridedLoop(x.shape.dims(), x.offset, x.strides, 0, null, 0, outputStrides(keptShape, mask));
        if (x.size() == 0 || loop.strideOut != 0) { // an error, or outputs along the rows: the general loop
            return extremum(x, axes, keepDims, min).values();
        }
        NdArray out = NdArray.uninitialized(keptShape);
        float[] o = out.data, in = x.data;
        int sa = loop.strideA;
        if (loop.rowsApart()) {
            StridedLoop.Row row = (ia, ib, io, n) -> o[io] = Reduction.extremum(in, ia, sa, n, min);
            int grain = Math.max(1, NdArray.PARALLEL_ELEMENTS / Math.max(1, loop.length));
            Parallel.forRange(loop.rows(), grain, (s, e) -> loop.forRows(s, e, row));
        } else { // several rows onto each output: combined in order
            boolean[] started = new boolean[o.length];
            loop.forEach((ia, ib, io, n) -> {
                float m = Reduction.extremum(in, ia, sa, n, min);
                o[io] = started[io] ? Reduction.combine(o[io], m, min) : m;
                started[io] = true;
            });
        }
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
