package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import java.util.List;

/** Gradient clipping, in place on the parameters' gradients, as PyTorch's {@code clip_grad_norm_} and {@code _value_}. */
public final class GradientClipping {
    private GradientClipping() {}

    /** Scales all gradients by {@code min(1, maxNorm / norm)}; returns the norm before clipping. */
    public static double byGlobalNorm(List<Parameter> parameters, double maxNorm) {
        double sumSquares = 0;
        for (Parameter p : parameters) {
            if (p.grad() != null) {
                for (float g : p.grad().buffer()) {
                    sumSquares += (double) g * g;
                }
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (Parameter p : parameters) {
                if (p.grad() != null) {
                    p.grad().scaleInPlace(scale);
                }
            }
        }
        return norm;
    }

    /** Limits each gradient element to {@code [-limit, limit]}. */
    public static void byValue(List<Parameter> parameters, double limit) {
        float l = (float) limit;
        for (Parameter p : parameters) {
            if (p.grad() != null) {
                float[] g = p.grad().buffer();
                for (int i = 0; i < g.length; i++) {
                    g[i] = Math.max(-l, Math.min(l, g[i]));
                }
            }
        }
    }
}
