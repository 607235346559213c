package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Layer normalisation (Ba et al., 2016) over the last axis: {@code y = (x - mean) / sqrt(var + eps) * gamma + beta},
 * statistics per example, the same in training and evaluation. Default eps 1e-5 (PyTorch).
 */
public final class LayerNorm implements Layer {
    private final int features;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;

    public LayerNorm(int features) {
        this(features, 1e-5f);
    }

    public LayerNorm(int features, float eps) {
        if (features < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm(" + features + ", eps " + eps + "): bad size or eps");
        }
        this.features = features;
        this.eps = eps;
        this.gamma = new Parameter("weight", NdArray.ones(features));
        this.beta = new Parameter("bias", NdArray.zeros(features));
    }

    @Override
    public Tensor forward(Tensor x, Phase phase) {
        if (x.rank() < 1 || x.shape().dim(-1) != features) {
            throw new IllegalArgumentException(
                    "LayerNorm(" + features + "): the last axis of input " + x.shape() + " must have size " + features);
        }
        int[] last = {x.rank() - 1};
        Tensor centred = x.sub(x.mean(last, true));
        Tensor normalised =
                centred.div(centred.square().mean(last, true).add(eps).sqrt());
        return normalised.mul(gamma).add(beta);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "LayerNorm", "features", features, "eps", eps);
    }
}
