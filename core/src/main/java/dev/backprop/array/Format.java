package dev.backprop.array;

import java.util.Locale;

/** PyTorch-style printing: nested brackets, aligned columns, "..." past {@value #THRESHOLD} elements. */
public final class Format {
    static final int THRESHOLD = 1000;
    static final int EDGE = 3;

    private Format() {}

    /** Formats {@code x} as {@code name([[...]], shape=[..])}. */
    public static String format(NdArray x, String name) {
        return format(x, name, "");
    }

    /** As {@link #format(NdArray, String)} with extra text, such as {@code requiresGrad=true}, after the shape. */
    public static String format(NdArray x, String name, String suffix) {
        boolean abbreviate = x.size() > THRESHOLD;
        float[] values = x.toArray();
        boolean integral = true;
        float maxAbs = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                integral &= v == Math.rint(v);
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        boolean scientific = !integral && (maxAbs >= 1e5f || (maxAbs > 0 && maxAbs < 1e-4f));
        int width = 0;
        for (float v : values) {
            width = Math.max(width, number(v, integral, scientific).length());
        }
        StringBuilder sb = new StringBuilder(name).append('(');
        String indent = " ".repeat(name.length() + 1);
        if (x.rank() == 0) {
            sb.append(number(values[0], integral, scientific));
        } else {
            append(sb, values, x.shape.dims(), 0, 0, width, integral, scientific, abbreviate, indent);
        }
        sb.append(", shape=").append(x.shape);
        if (!suffix.isEmpty()) {
            sb.append(", ").append(suffix);
        }
        return sb.append(')').toString();
    }

    private static void append(
            StringBuilder sb,
            float[] values,
            int[] dims,
            int axis,
            int base,
            int width,
            boolean integral,
            boolean scientific,
            boolean abbreviate,
            String indent) {
        int n = dims[axis];
        int stride = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            stride *= dims[i];
        }
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (abbreviate && n > 2 * EDGE && i == EDGE) {
                sb.append(axis == dims.length - 1 ? "..., " : "...,\n" + indent + " ".repeat(axis + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (axis == dims.length - 1) {
                String s = number(values[base + i], integral, scientific);
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                append(sb, values, dims, axis + 1, base + i * stride, width, integral, scientific, abbreviate, indent);
            }
            if (i < n - 1) {
                sb.append(
                        axis == dims.length - 1
                                ? ", "
                                : ",\n" + "\n".repeat(dims.length - axis - 2) + indent + " ".repeat(axis + 1));
            }
        }
        sb.append(']');
    }

    private static String number(float v, boolean integral, boolean scientific) {
        if (Float.isNaN(v)) {
            return "nan";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (integral) {
            return String.format(Locale.ROOT, "%.0f.", v);
        }
        return String.format(Locale.ROOT, scientific ? "%.4e" : "%.4f", v);
    }
}
