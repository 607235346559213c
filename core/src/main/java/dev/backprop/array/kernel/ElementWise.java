package dev.backprop.array.kernel;

/**
 * Element-wise loops over one strided row. Unit strides and a broadcast scalar run on {@link VectorElementWise} when
 * the JVM has the Vector API (chosen once, as {@link Gemm} chooses its kernel; {@code -Dbackprop.gemm=scalar} turns it
 * off), else on loops of their own that the JIT may vectorise; everything else goes through {@link BinaryFn#apply}
 * per element. An output may be an input only at the same offset, or the scalar loop runs, whose element-by-element
 * order the vector loops would not keep.
 */
public final class ElementWise {
    /** Unit-stride loops at any offsets; each returns false for a function it has no vector form of. */
    interface Kernel {
        /** {@code out[io + i] = fn(x[ix + i])} for {@code i < n}. */
        boolean unary(UnaryFn fn, float[] x, int ix, float[] out, int io, int n);

        /** {@code out[io + i] = fn(a[ia + i], b[ib + i])} for {@code i < n}. */
        boolean binary(BinaryFn fn, float[] a, int ia, float[] b, int ib, float[] out, int io, int n);

        /** {@code out[io + i] = fn(a[ia + i], s)} for {@code i < n}. */
        boolean binaryScalar(BinaryFn fn, float[] a, int ia, float s, float[] out, int io, int n);
    }

    /** The Vector API loops, or null without the module. */
    private static final Kernel VECTOR = VectorKernels.load("VectorElementWise", Kernel.class);

    private ElementWise() {}

    /** {@code out[o + i*so] = fn(a[ia + i*sa], b[ib + i*sb])} for {@code i < n}. */
    public static void binary(
            BinaryFn fn, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] out, int io, int so, int n) {
        binary(VECTOR, fn, a, ia, sa, b, ib, sb, out, io, so, n);
    }

    /** {@link #binary} on the given vector loops, or on the scalar ones when {@code vector} is null. */
    static void binary(
            Kernel vector,
            BinaryFn fn,
            float[] a,
            int ia,
            int sa,
            float[] b,
            int ib,
            int sb,
            float[] out,
            int io,
            int so,
            int n) {
        if (sa == 1 && sb == 1 && so == 1) {
            if (vector != null
                    && separate(a, ia, out, io)
                    && separate(b, ib, out, io)
                    && vector.binary(fn, a, ia, b, ib, out, io, n)) {
                return;
            }
            switch (fn) {
                case ADD -> {
                    for (int i = 0; i < n; i++) out[io + i] = a[ia + i] + b[ib + i];
                }
                case SUB -> {
                    for (int i = 0; i < n; i++) out[io + i] = a[ia + i] - b[ib + i];
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) out[io + i] = a[ia + i] * b[ib + i];
                }
                case DIV -> {
                    for (int i = 0; i < n; i++) out[io + i] = a[ia + i] / b[ib + i];
                }
                default -> {
                    for (int i = 0; i < n; i++) out[io + i] = fn.apply(a[ia + i], b[ib + i]);
                }
            }
        } else if (sa == 1 && sb == 0 && so == 1) {
            float s = b[ib];
            if (vector != null && separate(a, ia, out, io) && vector.binaryScalar(fn, a, ia, s, out, io, n)) {
                return;
            }
            switch (fn) {
                case ADD -> {
                    for (int i = 0; i < n; i++) out[io + i] = a[ia + i] + s;
                }
                case SUB -> {
                    for (int i = 0; i < n; i++) out[io + i] = a[ia + i] - s;
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) out[io + i] = a[ia + i] * s;
                }
                case DIV -> {
                    for (int i = 0; i < n; i++) out[io + i] = a[ia + i] / s;
                }
                default -> {
                    for (int i = 0; i < n; i++) out[io + i] = fn.apply(a[ia + i], s);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[io + i * so] = fn.apply(a[ia + i * sa], b[ib + i * sb]);
            }
        }
    }

    /**
     * {@code acc[i] = fn(acc[i], b[ib + i])} for {@code from <= i < to}: the in-place form, which the JIT vectorises
     * because the accumulator is read and written at the same index.
     */
    public static void binaryInPlace(BinaryFn fn, float[] acc, float[] b, int ib, int from, int to) {
        binaryInPlace(VECTOR, fn, acc, b, ib, from, to);
    }

    /** {@link #binaryInPlace} on the given vector loops, or on the scalar ones when {@code vector} is null. */
    static void binaryInPlace(Kernel vector, BinaryFn fn, float[] acc, float[] b, int ib, int from, int to) {
        if (vector != null
                && separate(b, ib + from, acc, from)
                && vector.binary(fn, acc, from, b, ib + from, acc, from, to - from)) {
            return;
        }
        if (ib == 0) { // same index on both sides: the JIT vectorises even if b might be acc
            switch (fn) {
                case ADD -> {
                    for (int i = from; i < to; i++) acc[i] += b[i];
                    return;
                }
                case SUB -> {
                    for (int i = from; i < to; i++) acc[i] -= b[i];
                    return;
                }
                case MUL -> {
                    for (int i = from; i < to; i++) acc[i] *= b[i];
                    return;
                }
                case DIV -> {
                    for (int i = from; i < to; i++) acc[i] /= b[i];
                    return;
                }
                case GATE -> {
                    for (int i = from; i < to; i++) acc[i] = b[i] > 0f ? acc[i] : 0f;
                    return;
                }
                default -> {}
            }
        }
        switch (fn) {
            case ADD -> {
                for (int i = from; i < to; i++) acc[i] += b[ib + i];
            }
            case SUB -> {
                for (int i = from; i < to; i++) acc[i] -= b[ib + i];
            }
            case MUL -> {
                for (int i = from; i < to; i++) acc[i] *= b[ib + i];
            }
            case DIV -> {
                for (int i = from; i < to; i++) acc[i] /= b[ib + i];
            }
            case GATE -> {
                for (int i = from; i < to; i++) acc[i] = b[ib + i] > 0f ? acc[i] : 0f;
            }
            default -> {
                for (int i = from; i < to; i++) acc[i] = fn.apply(acc[i], b[ib + i]);
            }
        }
    }

    /** {@code out[o + i*so] = fn(x[ix + i*sx])} for {@code i < n}. */
    public static void unary(UnaryFn fn, float[] x, int ix, int sx, float[] out, int io, int so, int n) {
        unary(VECTOR, fn, x, ix, sx, out, io, so, n);
    }

    /** {@link #unary} on the given vector loops, or on the scalar ones when {@code vector} is null. */
    static void unary(Kernel vector, UnaryFn fn, float[] x, int ix, int sx, float[] out, int io, int so, int n) {
        if (sx == 1 && so == 1) {
            if (vector != null && separate(x, ix, out, io) && vector.unary(fn, x, ix, out, io, n)) {
                return;
            }
            switch (fn) {
                case NEG -> {
                    for (int i = 0; i < n; i++) out[io + i] = -x[ix + i];
                }
                case RELU -> {
                    for (int i = 0; i < n; i++) out[io + i] = Math.max(x[ix + i], 0f);
                }
                case SQUARE -> {
                    for (int i = 0; i < n; i++) out[io + i] = x[ix + i] * x[ix + i];
                }
                case ABS -> {
                    for (int i = 0; i < n; i++) out[io + i] = Math.abs(x[ix + i]);
                }
                default -> {
                    for (int i = 0; i < n; i++) out[io + i] = fn.apply(x[ix + i]);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[io + i * so] = fn.apply(x[ix + i * sx]);
            }
        }
    }

    /** Whether an input at {@code ix} and the output at {@code io} are other arrays or the same elements. */
    private static boolean separate(float[] x, int ix, float[] out, int io) {
        return x != out || ix == io;
    }

    /** A float function with parameters (clamp bounds, a leaky slope, a power). */
    @FunctionalInterface
    public interface FloatFn {
        float apply(float x);
    }

    /** {@code out[o + i*so] = fn(x[ix + i*sx])} for a parameterised function. */
    public static void map(FloatFn fn, float[] x, int ix, int sx, float[] out, int io, int so, int n) {
        for (int i = 0; i < n; i++) {
            out[io + i * so] = fn.apply(x[ix + i * sx]);
        }
    }
}
