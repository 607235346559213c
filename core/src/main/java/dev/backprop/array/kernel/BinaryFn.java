package dev.backprop.array.kernel;

/** The element-wise binary functions the kernels know; comparisons give 1 for true and 0 for false. */
public enum BinaryFn {
    ADD,
    SUB,
    MUL,
    DIV,
    POW,
    MAXIMUM,
    MINIMUM,
    GT,
    GE,
    LT,
    LE,
    EQ,
    NE,
    /** {@code a} where {@code b > 0}, else 0: the ReLU gradient in one pass ({@code a} the upstream gradient). */
    GATE;

    /** The function on one pair of elements. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (float) Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case GT -> a > b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
            case NE -> a != b ? 1f : 0f;
            case GATE -> b > 0f ? a : 0f;
        };
    }
}
