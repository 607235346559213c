package dev.backprop.array;

import dev.backprop.array.kernel.BinaryFn;
import dev.backprop.array.kernel.ElementWise;
import dev.backprop.array.kernel.ElementWise.FloatFn;
import dev.backprop.array.kernel.Parallel;
import dev.backprop.array.kernel.StridedLoop;
import dev.backprop.array.kernel.UnaryFn;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A float32 N-dimensional array: a {@code float[]} with a {@link Shape}, strides and an offset. Reshape (when the
 * layout allows), permute, transpose, narrow, slice and expand return views that share the storage;
 * {@link #contiguous()} copies only when needed. Operations return new arrays; the few in-place methods say so in their
 * name. No gradients here: {@code dev.backprop.tensor.Tensor} adds those.
 *
 * <p>This file is longer than the style guide's 400 lines on purpose: it is the array API, one entry point as in NumPy
 * and PyTorch, and most of its methods are one-line delegations. The loops live in {@code array.kernel}, and the
 * larger algorithms in helpers of this package ({@code Views}, {@code Reductions}, {@code LinearAlgebra}, {@code
 * Joins}, ...).
 *
 * {@snippet :
 * NdArray x = NdArray.arange(6).reshape(2, 3);
 * NdArray y = x.add(NdArray.of(new float[] {10, 20, 30}, 3)); // broadcasts over rows
 * float total = y.sum().item();
 * }
 */
public final class NdArray {
    /** Above this many elements, element-wise work is split across threads. */
    static final int PARALLEL_ELEMENTS = 1 << 16;

    final float[] data;
    final Shape shape;
    final int[] strides;
    final int offset;

    NdArray(float[] data, Shape shape, int[] strides, int offset) {
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    private NdArray(float[] data, Shape shape) {
        this(data, shape, shape.contiguousStrides(), 0);
    }

    // ---------------------------------------------------------------- creation

    public static NdArray zeros(Shape shape) {
        return new NdArray(new float[shape.size()], shape);
    }

    public static NdArray zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /**
     * An array whose elements are unspecified (whatever the memory held), for a kernel that writes every element before
     * anything reads one: it saves the pass that zeroes a fresh array. With {@code -Dbackprop.poison=true} the elements
     * are NaN, so a test catches a kernel that misses one.
     */
    public static NdArray uninitialized(Shape shape) {
        return new NdArray(Uninitialized.floats(shape.size()), shape);
    }

    public static NdArray ones(Shape shape) {
        return full(shape, 1f);
    }

    public static NdArray ones(int... dims) {
        return ones(Shape.of(dims));
    }

    public static NdArray full(Shape shape, float value) {
        float[] data = Uninitialized.floats(shape.size());
        Arrays.fill(data, value);
        return new NdArray(data, shape);
    }

    public static NdArray scalar(float value) {
        return new NdArray(new float[] {value}, Shape.scalar());
    }

    /** A copy of {@code values} with the given dimensions (a 1-D array when none are given). */
    public static NdArray of(float[] values, int... dims) {
        Shape shape = dims.length == 0 ? Shape.of(values.length) : Shape.of(dims);
        if (shape.size() != values.length) {
            throw new IllegalArgumentException(
                    "of: " + values.length + " values do not fill shape " + shape + " (" + shape.size() + " elements)");
        }
        return new NdArray(values.clone(), shape);
    }

    /** A 2-D array copied from rows of equal length. */
    public static NdArray of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException(
                        "of: row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new NdArray(data, Shape.of(rows.length, cols));
    }

    /** Wraps {@code data} without copying; the array must hold exactly {@code shape.size()} values. */
    public static NdArray wrap(float[] data, Shape shape) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(
                    "wrap: " + data.length + " values do not fill shape " + shape + " (" + shape.size() + ")");
        }
        return new NdArray(data, shape);
    }

    /** {@code [0, 1, ..., n-1]}. */
    public static NdArray arange(int n) {
        return arange(0, n, 1);
    }

    /** {@code start, start+step, ...} below {@code end} (above it for a negative step). */
    public static NdArray arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(start) || !Float.isFinite(end) || !Float.isFinite(step)) {
            throw new IllegalArgumentException(
                    "arange(" + start + ", " + end + ", " + step + "): needs finite bounds and a non-zero step");
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / (double) step));
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) (start + i * (double) step);
        }
        return new NdArray(data, Shape.of(n));
    }

    /** Standard normal numbers scaled by {@code std}, drawn in order from {@code rng}. */
    public static NdArray randn(Shape shape, float std, RandomGenerator rng) {
        float[] data = new float[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rng.nextGaussian() * std);
        }
        return new NdArray(data, shape);
    }

    /** Uniform numbers in {@code [low, high)}, drawn in order from {@code rng}. */
    public static NdArray uniform(Shape shape, float low, float high, RandomGenerator rng) {
        float[] data = new float[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = low + (high - low) * rng.nextFloat();
        }
        return new NdArray(data, shape);
    }

    // ---------------------------------------------------------------- accessors

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    public int size() {
        return shape.size();
    }

    public int[] strides() {
        return strides.clone();
    }

    /** True when the elements lie in row-major order without gaps (views may still start at an offset). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            int d = shape.dim(i);
            if (d != 1 && strides[i] != expected) {
                return false;
            }
            expected *= d;
        }
        return true;
    }

    /** The element at {@code index}, one coordinate per axis. */
    public float get(int... index) {
        return data[flatOffset(index)];
    }

    /** Writes one element in place (through a view, into the shared storage). */
    public void set(float value, int... index) {
        data[flatOffset(index)] = value;
    }

    private int flatOffset(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException(
                    "get/set: " + index.length + " indices for shape " + shape + " (rank " + shape.rank() + ")");
        }
        int o = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IllegalArgumentException("get/set: index " + Arrays.toString(index)
                        + " is out of bounds for shape " + shape + " at axis " + i);
            }
            o += index[i] * strides[i];
        }
        return o;
    }

    /** The value of a one-element array. */
    public float item() {
        if (size() != 1) {
            throw new IllegalStateException("item: the array has shape " + shape + ", not a single element");
        }
        return data[offset];
    }

    /** A copy of the elements in row-major order. */
    public float[] toArray() {
        NdArray c = contiguous();
        return Arrays.copyOfRange(c.data, c.offset, c.offset + size());
    }

    /**
     * The storage itself, for in-place kernels such as optimiser updates; only for an array that owns its whole
     * contiguous buffer.
     */
    public float[] buffer() {
        if (offset != 0 || data.length != size() || !isContiguous()) {
            throw new IllegalStateException("buffer: this array of shape " + shape
                    + " is a view; call contiguous() or copy() for an array that owns its storage");
        }
        return data;
    }

    /** This array when it owns its whole contiguous buffer (so {@link #buffer()} works), else a copy that does. */
    public NdArray owned() {
        return offset == 0 && data.length == size() && isContiguous() ? this : copy();
    }

    // ---------------------------------------------------------------- views

    /** The same elements with another shape; one dimension may be -1. A view when the layout allows, else a copy. */
    public NdArray reshape(int... dims) {
        return Views.reshape(this, dims);
    }

    public NdArray reshape(Shape target) {
        return reshape(target.dims());
    }

    /** Reorders the axes: {@code permute(0, 2, 3, 1)} turns NCHW into NHWC. A view. */
    public NdArray permute(int... axes) {
        return Views.permute(this, axes);
    }

    /** Swaps two axes. A view. */
    public NdArray transpose(int axis0, int axis1) {
        return Views.transpose(this, axis0, axis1);
    }

    /** Elements {@code [start, start+length)} along {@code axis}. A view. */
    public NdArray narrow(int axis, int start, int length) {
        return slice(axis, start, start + length, 1);
    }

    /** Elements {@code start, start+step, ...} below {@code end} along {@code axis} ({@code step > 0}). A view. */
    public NdArray slice(int axis, int start, int end, int step) {
        return Views.slice(this, axis, start, end, step);
    }

    /** Broadcasts to {@code target} without copying (stride 0 on the expanded axes). */
    public NdArray expand(Shape target) {
        return Views.expand(this, target);
    }

    /** Inserts an axis of size 1 at {@code axis} (which may be {@code rank()}). */
    public NdArray unsqueeze(int axis) {
        return Views.unsqueeze(this, axis);
    }

    /** Removes axis {@code axis}, which must have size 1. */
    public NdArray squeeze(int axis) {
        return Views.squeeze(this, axis);
    }

    /** This array when it is already contiguous, else a row-major copy. */
    public NdArray contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A fresh row-major copy that owns its storage. */
    public NdArray copy() {
        NdArray out = uninitialized(shape);
        out.copyFrom(this);
        return out;
    }

    // ---------------------------------------------------------------- in place

    /** Copies {@code src} (broadcast to this shape) into this array's elements. */
    public NdArray copyFrom(NdArray src) {
        NdArray s = src.expand(shape);
        StridedLoop loop = new StridedLoop(shape.dims(), s.offset, s.strides, 0, null, offset, strides);
        loop.forEach((ia, ib, io, n) -> {
            if (loop.strideA == 1 && loop.strideOut == 1) {
                System.arraycopy(s.data, ia, data, io, n);
            } else {
                for (int i = 0; i < n; i++) {
                    data[io + i * loop.strideOut] = s.data[ia + i * loop.strideA];
                }
            }
        });
        return this;
    }

    /** Adds {@code other} (broadcast to this shape) into this array. */
    public NdArray addInPlace(NdArray other) {
        return applyInPlace(BinaryFn.ADD, other);
    }

    /** Multiplies this array by {@code other} (broadcast to this shape) in place. */
    public NdArray mulInPlace(NdArray other) {
        return applyInPlace(BinaryFn.MUL, other);
    }

    /** Multiplies every element by {@code factor} in place. */
    public NdArray scaleInPlace(float factor) {
        return applyInPlace(BinaryFn.MUL, scalar(factor));
    }

    /** Sets every element to {@code value}. */
    public NdArray fill(float value) {
        return copyFrom(scalar(value));
    }

    private NdArray applyInPlace(BinaryFn fn, NdArray other) {
        NdArray b = other.expand(shape);
        StridedLoop loop = new StridedLoop(shape.dims(), offset, strides, b.offset, b.strides, offset, strides);
        loop.forEach((ia, ib, io, n) ->
                ElementWise.binary(fn, data, ia, loop.strideA, b.data, ib, loop.strideB, data, io, loop.strideOut, n));
        return this;
    }

    // ---------------------------------------------------------------- element-wise

    /** {@code fn(this, other)} element by element with NumPy broadcasting. */
    public NdArray binary(BinaryFn fn, NdArray other) {
        Shape out = Shape.broadcast(fn.name().toLowerCase(java.util.Locale.ROOT), shape, other.shape);
        NdArray a = expand(out), b = other.expand(out);
        if (a.isContiguous() && b.isContiguous()) {
            // One long row, split across threads. The output starts as a copy of a: the JIT skips zeroing an array
            // that a copy fills, which was most of the cost of a fresh 4 MB result (ElementWiseBenchmark).
            int n = out.size(), ib = b.offset;
            float[] o = Arrays.copyOfRange(a.data, a.offset, a.offset + n);
            Parallel.forRange(n, PARALLEL_ELEMENTS, (s, e) -> ElementWise.binaryInPlace(fn, o, b.data, ib, s, e));
            return new NdArray(o, out);
        }
        NdArray result = zeros(out);
        float[] o = result.data;
        StridedLoop loop = new StridedLoop(out.dims(), a.offset, a.strides, b.offset, b.strides, 0, result.strides);
        StridedLoop.Row row = (ia, ib, io, n) ->
                ElementWise.binary(fn, a.data, ia, loop.strideA, b.data, ib, loop.strideB, o, io, loop.strideOut, n);
        Parallel.forRange(
                loop.rows(),
                Math.max(1, PARALLEL_ELEMENTS / Math.max(1, loop.length)),
                (s, e) -> loop.forRows(s, e, row));
        return result;
    }

    /** {@code fn(this)} element by element. */
    public NdArray unary(UnaryFn fn) {
        if (isContiguous()) {
            float[] o = new float[size()];
            Parallel.forRange(
                    size(),
                    PARALLEL_ELEMENTS / 4,
                    (s, e) -> ElementWise.unary(fn, data, offset + s, 1, o, s, 1, e - s));
            return new NdArray(o, shape);
        }
        NdArray result = zeros(shape);
        float[] o = result.data;
        StridedLoop loop = new StridedLoop(shape.dims(), offset, strides, 0, null, 0, result.strides);
        loop.forEach((ia, ib, io, n) -> ElementWise.unary(fn, data, ia, loop.strideA, o, io, loop.strideOut, n));
        return result;
    }

    /** A parameterised element-wise function, e.g. {@code x.map(v -> Math.min(v, 6f))}. */
    public NdArray map(FloatFn fn) {
        NdArray result = zeros(shape);
        StridedLoop loop = new StridedLoop(shape.dims(), offset, strides, 0, null, 0, result.strides);
        loop.forEach(
                (ia, ib, io, n) -> ElementWise.map(fn, data, ia, loop.strideA, result.data, io, loop.strideOut, n));
        return result;
    }

    public NdArray add(NdArray other) {
        return binary(BinaryFn.ADD, other);
    }

    public NdArray sub(NdArray other) {
        return binary(BinaryFn.SUB, other);
    }

    public NdArray mul(NdArray other) {
        return binary(BinaryFn.MUL, other);
    }

    public NdArray div(NdArray other) {
        return binary(BinaryFn.DIV, other);
    }

    public NdArray pow(NdArray exponent) {
        return binary(BinaryFn.POW, exponent);
    }

    public NdArray maximum(NdArray other) {
        return binary(BinaryFn.MAXIMUM, other);
    }

    public NdArray minimum(NdArray other) {
        return binary(BinaryFn.MINIMUM, other);
    }

    public NdArray add(float value) {
        return binary(BinaryFn.ADD, scalar(value));
    }

    public NdArray sub(float value) {
        return binary(BinaryFn.SUB, scalar(value));
    }

    public NdArray mul(float value) {
        return binary(BinaryFn.MUL, scalar(value));
    }

    public NdArray div(float value) {
        return binary(BinaryFn.DIV, scalar(value));
    }

    /** {@code this^p} element-wise; integer powers of negative numbers work as in NumPy. */
    public NdArray pow(float p) {
        if (p == 2f) {
            return unary(UnaryFn.SQUARE);
        }
        return map(v -> (float) Math.pow(v, p));
    }

    /** 1 where {@code this > other}, else 0 (likewise the other comparisons). */
    public NdArray gt(NdArray other) {
        return binary(BinaryFn.GT, other);
    }

    public NdArray ge(NdArray other) {
        return binary(BinaryFn.GE, other);
    }

    public NdArray lt(NdArray other) {
        return binary(BinaryFn.LT, other);
    }

    public NdArray le(NdArray other) {
        return binary(BinaryFn.LE, other);
    }

    public NdArray eq(NdArray other) {
        return binary(BinaryFn.EQ, other);
    }

    public NdArray ne(NdArray other) {
        return binary(BinaryFn.NE, other);
    }

    public NdArray neg() {
        return unary(UnaryFn.NEG);
    }

    public NdArray exp() {
        return unary(UnaryFn.EXP);
    }

    public NdArray log() {
        return unary(UnaryFn.LOG);
    }

    public NdArray sqrt() {
        return unary(UnaryFn.SQRT);
    }

    public NdArray abs() {
        return unary(UnaryFn.ABS);
    }

    public NdArray square() {
        return unary(UnaryFn.SQUARE);
    }

    public NdArray relu() {
        return unary(UnaryFn.RELU);
    }

    public NdArray sigmoid() {
        return unary(UnaryFn.SIGMOID);
    }

    public NdArray tanh() {
        return unary(UnaryFn.TANH);
    }

    /** Limits every element to {@code [low, high]}. */
    public NdArray clamp(float low, float high) {
        if (low > high) {
            throw new IllegalArgumentException("clamp: low " + low + " is above high " + high);
        }
        return map(v -> Math.min(Math.max(v, low), high));
    }

    /** Element-wise choice: {@code a} where {@code mask != 0}, else {@code b}; all three broadcast together. */
    public static NdArray where(NdArray mask, NdArray a, NdArray b) {
        Shape out = Shape.broadcast("where", Shape.broadcast("where", mask.shape, a.shape), b.shape);
        float[] m = mask.expand(out).contiguous().toArray();
        float[] x = a.expand(out).contiguous().toArray();
        float[] y = b.expand(out).contiguous().toArray();
        for (int i = 0; i < m.length; i++) {
            x[i] = m[i] != 0f ? x[i] : y[i];
        }
        return new NdArray(x, out);
    }

    // ---------------------------------------------------------------- reductions, algebra, joins

    /** Sum of all elements, as a scalar array. */
    public NdArray sum() {
        return Reductions.sum(this, allAxes(), false);
    }

    /** Sum over {@code axes}; {@code keepDims} leaves them as size-1 axes. */
    public NdArray sum(int[] axes, boolean keepDims) {
        return Reductions.sum(this, axes, keepDims);
    }

    public NdArray mean() {
        return mean(allAxes(), false);
    }

    public NdArray mean(int[] axes, boolean keepDims) {
        NdArray s = Reductions.sum(this, axes, keepDims);
        return s.mul(s.size() == 0 ? Float.NaN : (float) s.size() / Math.max(1, size()));
    }

    /** Variance over {@code axes} with {@code correction} (0: population, 1: sample, as PyTorch's default). */
    public NdArray variance(int[] axes, boolean keepDims, int correction) {
        NdArray centred = sub(mean(axes, true));
        int count = Reductions.reducedCount(shape, axes, "variance");
        return centred.square().sum(axes, keepDims).div(Math.max(0, count - correction));
    }

    public NdArray max(int[] axes, boolean keepDims) {
        return Reductions.extremumValues(this, axes, keepDims, false);
    }

    public NdArray min(int[] axes, boolean keepDims) {
        return Reductions.extremumValues(this, axes, keepDims, true);
    }

    public NdArray max() {
        return max(allAxes(), false);
    }

    public NdArray min() {
        return min(allAxes(), false);
    }

    /** Max ({@code min == false}) or min over {@code axes} with the row-major input index of each chosen element. */
    public Extremum extremum(int[] axes, boolean keepDims, boolean min) {
        return Reductions.extremum(this, axes, keepDims, min);
    }

    /** Index of the largest element along {@code axis} (the first on ties), with that axis removed. */
    public int[] argmax(int axis) {
        return Reductions.argExtremum(this, axis, false);
    }

    /** Index of the smallest element along {@code axis} (the first on ties), with that axis removed. */
    public int[] argmin(int axis) {
        return Reductions.argExtremum(this, axis, true);
    }

    /** Sums over broadcast axes so the result has {@code target}'s shape: the gradient of a broadcast. */
    public NdArray sumTo(Shape target) {
        return Reductions.sumTo(this, target);
    }

    /** Matrix product with NumPy {@code matmul} semantics: batch dimensions broadcast, 1-D operands are vectors. */
    public NdArray matmul(NdArray other) {
        return LinearAlgebra.matmul(this, other, null);
    }

    /**
     * {@link #matmul(NdArray)} written into {@code out}, which must have the product's shape and be contiguous, as
     * NumPy's and PyTorch's {@code out=} argument: a loop of products reuses one result, whose memory stays in cache.
     * Returns {@code out}.
     */
    public NdArray matmul(NdArray other, NdArray out) {
        return LinearAlgebra.matmul(this, other, out);
    }

    /** Joins arrays along an existing axis. */
    public static NdArray concat(int axis, List<NdArray> arrays) {
        return Joins.concat(axis, arrays);
    }

    /** Joins arrays of one shape along a new axis. */
    public static NdArray stack(int axis, List<NdArray> arrays) {
        return Joins.concat(axis, arrays.stream().map(a -> a.unsqueeze(axis)).toList());
    }

    /** Views of consecutive pieces of {@code sizes} along {@code axis}. */
    public List<NdArray> split(int axis, int... sizes) {
        return Joins.split(this, axis, sizes);
    }

    /** Pads with {@code value}; {@code widths} holds {@code (before, after)} per axis, outermost first. */
    public NdArray pad(int[] widths, float value) {
        return Joins.pad(this, widths, value);
    }

    /** The entries {@code indices} along {@code axis}, in that order (an embedding lookup on axis 0). */
    public NdArray indexSelect(int axis, int[] indices) {
        return Joins.indexSelect(this, axis, indices);
    }

    /** A zero array of {@code shape} with each slice of {@code this} along {@code axis} added at {@code indices}. */
    public NdArray indexAdd(Shape shape, int axis, int[] indices) {
        return Joins.indexAdd(this, shape, axis, indices);
    }

    /** The elements at row-major positions {@code positions} of this array, laid out as {@code shape}. */
    public NdArray take(int[] positions, Shape shape) {
        return Joins.take(this, positions, shape);
    }

    /** A zero array of {@code shape} with element {@code i} of {@code values} added at row-major {@code positions[i]}. */
    public static NdArray scatterAdd(Shape shape, int[] positions, NdArray values) {
        return Joins.scatterAdd(shape, positions, values);
    }

    /**
     * Row-major positions for PyTorch's {@code gather}: output element {@code e} (of {@code indexShape}) reads this array
     * at the coordinates of {@code e} with the coordinate on {@code axis} replaced by {@code index[e]}.
     */
    public int[] gatherPositions(int axis, int[] index, Shape indexShape) {
        return Joins.gatherPositions(this, axis, index, indexShape);
    }

    int[] allAxes() {
        int[] axes = new int[rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return axes;
    }

    /** True when both arrays have the same shape and every element differs by at most {@code tolerance}. */
    public boolean allClose(NdArray other, float tolerance) {
        if (!shape.equals(other.shape)) {
            return false;
        }
        float[] a = toArray(), b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= tolerance) && !(a[i] == b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Values in PyTorch's style, abbreviated with "..." past 1,000 elements, then the shape. */
    @Override
    public String toString() {
        return Format.format(this, "array");
    }
}
