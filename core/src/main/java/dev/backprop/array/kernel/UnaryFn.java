package dev.backprop.array.kernel;

/**
 * The element-wise unary functions the kernels know. GELU is the exact form {@code x * Phi(x)}; GELU_DERIVATIVE is its
 * derivative {@code Phi(x) + x phi(x)}, for GELU's pullback.
 */
public enum UnaryFn {
    NEG,
    EXP,
    LOG,
    SQRT,
    ABS,
    SIGN,
    SQUARE,
    RECIPROCAL,
    RELU,
    SIGMOID,
    TANH,
    GELU,
    GELU_DERIVATIVE,
    SOFTPLUS;

    /** The function on one element. */
    public float apply(float x) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
            case RELU -> Math.max(x, 0f); // a NaN stays NaN, as in PyTorch
            case SIGMOID -> sigmoid(x);
            case TANH -> (float) Math.tanh(x);
            case GELU -> (float) (x * normalCdf(x));
            case GELU_DERIVATIVE -> (float) (normalCdf(x) + x * normalPdf(x));
            case SOFTPLUS -> softplus(x);
        };
    }

    /** Logistic function, written so that neither branch overflows. */
    public static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /** {@code log(1 + e^x)} as {@code max(x, 0) + log1p(e^-|x|)}, finite for any finite x. */
    public static float softplus(float x) {
        return (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
    }

    /**
     * Standard normal CDF, {@code (1 + erf(x / sqrt 2)) / 2}, taken below 0 as {@code erfc(-x / sqrt 2) / 2}: {@code 1
     * + erf} would cancel to 0 below about -8.3 (and lose digits well before), where Phi is still about 1e-17.
     */
    public static double normalCdf(double x) {
        double e = erfc(Math.abs(x) / Math.sqrt(2.0));
        return x >= 0 ? 1.0 - 0.5 * e : 0.5 * e;
    }

    /** Standard normal density. */
    public static double normalPdf(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
    }

    /** Error function, from {@link #erfc}: absolute error below 1.2e-7, ample for float32. */
    public static double erf(double x) {
        double e = erfc(Math.abs(x));
        return x >= 0 ? 1.0 - e : e - 1.0;
    }

    /**
     * Complementary error function of {@code z >= 0} (Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7
     * everywhere): {@code t exp(-z^2 + P(t))} with {@code t = 1 / (1 + z/2)}.
     */
    static double erfc(double z) {
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = 0;
        for (int i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) { // Horner's rule in t
            poly = poly * t + ERFC_COEFFICIENTS[i];
        }
        return t * Math.exp(-z * z + poly);
    }

    /** The fit's coefficients, lowest power of t first. */
    private static final double[] ERFC_COEFFICIENTS = {
        -1.26551223,
        1.00002368,
        0.37409196,
        0.09678418,
        -0.18628806,
        0.27886807,
        -1.13520398,
        1.48851587,
        -0.82215223,
        0.17087277
    };
}
