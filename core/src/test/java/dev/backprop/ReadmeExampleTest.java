package dev.backprop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.data.ArrayDataset;
import dev.backprop.loss.CrossEntropy;
import dev.backprop.metrics.Accuracy;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Dense;
import dev.backprop.nn.Layers;
import dev.backprop.nn.Sequential;
import dev.backprop.nn.Summary;
import dev.backprop.optim.Adam;
import dev.backprop.train.EarlyStopping;
import dev.backprop.train.History;
import dev.backprop.train.Mode;
import dev.backprop.train.Trainer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The README's Java example, kept compiling and passing. */
class ReadmeExampleTest {
    @Test
    void readmeExampleTrains() {
        // --- README example start
        var rng = new SplittableRandom(42);
        // 1,000 points in the plane; the label says whether a point lies inside the unit circle
        NdArray x = NdArray.uniform(Shape.of(1000, 2), -1.5f, 1.5f, rng);
        NdArray y = x.square().sum(new int[] {1}, false).lt(NdArray.scalar(1f));
        ArrayDataset[] parts = new ArrayDataset(x, y).splitLast(0.2); // train, validation

        Sequential model = new Sequential(
                new Dense(2, 32, rng),
                Activation.relu(),
                new Dense(32, 32, rng),
                Activation.relu(),
                new Dense(32, 2, rng));
        System.out.print(Summary.of(model, Shape.of(1, 2)));

        Trainer trainer = new Trainer(model, new CrossEntropy(), new Adam(Layers.parameters(model), 0.01))
                .metrics(new Accuracy())
                .callbacks(new EarlyStopping("val_loss", 5, 1e-4, Mode.MIN, true));
        History history = trainer.fit(parts[0], parts[1], new Trainer.Options(100, 32, 42));
        System.out.println(trainer.evaluate(parts[1], 256)); // {loss=..., accuracy=0.98...}
        // --- README example end
        assertTrue(
                trainer.evaluate(parts[1], 256).get("accuracy") > 0.95,
                history.last().toString());
    }
}
