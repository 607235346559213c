package dev.backprop.nn;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.tensor.NoGrad;
import dev.backprop.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/** A table like Keras's {@code model.summary()}: each layer, its output shape and parameter count, then totals. */
public final class Summary {
    private Summary() {}

    /** Runs one zero batch of {@code inputShape} through the model (building lazy layers) and tabulates it. */
    public static String of(Layer model, Shape inputShape) {
        List<Layer> rows = model instanceof Sequential s ? s.layers() : List.of(model);
        StringBuilder sb = new StringBuilder();
        String format = "%-28s %-22s %12s%n";
        String rule = "-".repeat(64) + "\n";
        sb.append(String.format(Locale.ROOT, format, "Layer (type)", "Output shape", "Param #"));
        sb.append(rule);
        long total = 0;
        try (NoGrad scope = NoGrad.enter()) {
            Tensor x = Tensor.constant(NdArray.zeros(inputShape));
            for (int i = 0; i < rows.size(); i++) {
                Layer layer = rows.get(i);
                x = layer.forward(x, Phase.EVAL);
                long count = Layers.parameterCount(layer);
                total += count;
                String name = i + " (" + layer.config().get("type") + ")";
                sb.append(String.format(
                        Locale.ROOT,
                        format,
                        name,
                        shapeWithBatch(x.shape()),
                        String.format(Locale.ROOT, "%,d", count)));
            }
        }
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", total));
        return sb.toString();
    }

    private static String shapeWithBatch(Shape shape) {
        int[] dims = shape.dims();
        StringBuilder sb = new StringBuilder("[N");
        for (int i = 1; i < dims.length; i++) {
            sb.append(", ").append(dims[i]);
        }
        return sb.append(']').toString();
    }
}
