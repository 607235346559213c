package dev.backprop.array.kernel;

/** The element-wise unary functions the kernels know. GELU is the exact form {@code x * Phi(x)}. */
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
            case RELU -> x > 0f ? x : 0f;
            case SIGMOID -> sigmoid(x);
            case TANH -> (float) Math.tanh(x);
            case GELU -> (float) (x * normalCdf(x));
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

    /** Standard normal CDF, {@code (1 + erf(x / sqrt 2)) / 2}. */
    public static double normalCdf(double x) {
        return 0.5 * (1.0 + erf(x / Math.sqrt(2.0)));
    }

    /** Standard normal density. */
    public static double normalPdf(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
    }

    /**
     * Error function with absolute error below 1.2e-7 (Numerical Recipes' erfc Chebyshev fit), ample for float32.
     */
    public static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -z * z
                - 1.26551223
                + t
                        * (1.00002368
                                + t
                                        * (0.37409196
                                                + t
                                                        * (0.09678418
                                                                + t
                                                                        * (-0.18628806
                                                                                + t
                                                                                        * (0.27886807
                                                                                                + t
                                                                                                        * (-1.13520398
                                                                                                                + t
                                                                                                                        * (1.48851587
                                                                                                                                + t
                                                                                                                                        * (-0.82215223
                                                                                                                                                + t
                                                                                                                                                        * 0.17087277))))))));
        double erfc = t * Math.exp(poly);
        return x >= 0 ? 1.0 - erfc : erfc - 1.0;
    }
}
