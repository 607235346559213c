package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Batch normalisation (Ioffe and Szegedy, 2015) over axis 1 of {@code [N, F]}, {@code [N, C, L]} or {@code [N, C, H,
 * W]} input: {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}. In training the batch statistics are used (biased
 * variance) and the running ones updated as {@code running = (1 - momentum) running + momentum batch} with the
 * unbiased variance; in evaluation the running statistics are used. Defaults as PyTorch: momentum 0.1, eps 1e-5.
 */
public final class BatchNorm implements Layer {
    private final int features;
    private final float momentum;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;
    private final NdArray runningMean;
    private final NdArray runningVar;

    public BatchNorm(int features) {
        this(features, 0.1f, 1e-5f);
    }

    public BatchNorm(int features, float momentum, float eps) {
        if (features < 1 || !(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
            throw new IllegalArgumentException("BatchNorm(" + features + ", momentum " + momentum + ", eps " + eps
                    + "): features must be positive, momentum in [0, 1], eps > 0");
        }
        this.features = features;
        this.momentum = momentum;
        this.eps = eps;
        this.gamma = new Parameter("weight", NdArray.ones(features));
        this.beta = new Parameter("bias", NdArray.zeros(features));
        this.runningMean = NdArray.zeros(features);
        this.runningVar = NdArray.ones(features);
    }

    @Override
    public Tensor forward(Tensor x, Phase phase) {
        if (x.rank() < 2 || x.shape().dim(1) != features) {
            throw new IllegalArgumentException(
                    "BatchNorm(" + features + "): input " + x.shape() + " must be [batch, " + features + ", ...]");
        }
        int[] axes = IntStream.range(0, x.rank()).filter(a -> a != 1).toArray();
        int[] statShape = new int[x.rank()];
        java.util.Arrays.fill(statShape, 1);
        statShape[1] = features;
        Tensor mean, var;
        if (phase == Phase.TRAIN) {
            int count = x.shape().size() / features;
            if (count < 2) {
                throw new IllegalArgumentException(
                        "BatchNorm: training needs more than one value per channel, got input " + x.shape());
            }
            mean = x.mean(axes, true);
            var = x.variance(axes, true, 0);
            NdArray unbiased = var.value().reshape(features).mul((float) count / (count - 1));
            runningMean
                    .scaleInPlace(1 - momentum)
                    .addInPlace(mean.value().reshape(features).mul(momentum));
            runningVar.scaleInPlace(1 - momentum).addInPlace(unbiased.mul(momentum));
        } else {
            mean = Tensor.constant(runningMean.reshape(statShape));
            var = Tensor.constant(runningVar.reshape(statShape));
        }
        Tensor normalised = x.sub(mean).div(var.add(eps).sqrt());
        return normalised.mul(gamma.reshape(statShape)).add(beta.reshape(statShape));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public Map<String, NdArray> buffers() {
        Map<String, NdArray> out = new LinkedHashMap<>();
        out.put("running_mean", runningMean);
        out.put("running_var", runningVar);
        return out;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "BatchNorm", "features", features, "momentum", momentum, "eps", eps);
    }
}
