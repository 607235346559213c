package dev.backprop.array.kernel;

/**
 * Element-wise loops over one strided row. The common cases (unit strides, a broadcast scalar) get loops of their own
 * so that the JIT vectorises them; everything else goes through {@link BinaryFn#apply} per element.
 */
public final class ElementWise {
    private ElementWise() {}

    /** {@code out[o + i*so] = fn(a[ia + i*sa], b[ib + i*sb])} for {@code i < n}. */
    public static void binary(
            BinaryFn fn, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] out, int io, int so, int n) {
        if (sa == 1 && sb == 1 && so == 1) {
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
        if (sx == 1 && so == 1) {
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
