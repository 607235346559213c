package dev.backprop.bench;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.loss.CrossEntropy;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Conv2d;
import dev.backprop.nn.Dense;
import dev.backprop.nn.Dropout;
import dev.backprop.nn.Flatten;
import dev.backprop.nn.Layer;
import dev.backprop.nn.Layers;
import dev.backprop.nn.MaxPool2d;
import dev.backprop.nn.Phase;
import dev.backprop.nn.Sequential;
import dev.backprop.optim.Adam;
import dev.backprop.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, loss, backward, Adam) of W1 (MLP 784-256-128-10) and W2 (the Keras MNIST CNN) at batch
 * 128; conv2d forward and backward for the CNN's first layer; one Adam update of the CNN's 694k parameters. Run with
 * {@code -prof gc} for the allocation rate per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-XX:+UseParallelGC",
            "--add-modules",
            "jdk.incubator.vector",
            "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED"
        })
public class TrainingBenchmark {
    @Param({"W1", "W2"})
    String workload;

    private Layer model;
    private Adam adam;
    private NdArray x;
    private NdArray y;
    private Tensor convInput;
    private Tensor convWeight;
    private NdArray convGrad;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(1);
        boolean cnn = workload.equals("W2");
        model = cnn
                ? new Sequential(
                        new Conv2d(Conv2d.Spec.of(1, 32, 3), rng),
                        Activation.relu(),
                        new MaxPool2d(2),
                        new Dropout(0.25f, rng),
                        new Flatten(),
                        new Dense(5408, 128, rng),
                        Activation.relu(),
                        new Dense(128, 10, rng))
                : new Sequential(
                        new Dense(784, 256, rng),
                        Activation.relu(),
                        new Dense(256, 128, rng),
                        Activation.relu(),
                        new Dense(128, 10, rng));
        adam = new Adam(Layers.parameters(model), 1e-3);
        x = NdArray.uniform(cnn ? Shape.of(128, 1, 28, 28) : Shape.of(128, 784), 0, 1, rng);
        float[] labels = new float[128];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(10);
        }
        y = NdArray.of(labels);
        convInput = Tensor.variable(NdArray.uniform(Shape.of(128, 1, 28, 28), 0, 1, rng));
        convWeight = Tensor.variable(NdArray.uniform(Shape.of(32, 1, 3, 3), -0.3f, 0.3f, rng));
        convGrad = NdArray.uniform(Shape.of(128, 32, 26, 26), -1, 1, rng);
        trainingStep(); // leaves gradients in place, so adamUpdate has work
    }

    @Benchmark
    public float trainingStep() {
        Tensor loss = new CrossEntropy().apply(model.forward(Tensor.constant(x), Phase.TRAIN), y);
        adam.zeroGrad();
        loss.backward();
        adam.step();
        return loss.item();
    }

    @Benchmark
    public NdArray conv2dForward() {
        return Tensor.constant(convInput.value())
                .conv2d(Tensor.constant(convWeight.value()), new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1)
                .value();
    }

    @Benchmark
    public NdArray conv2dForwardBackward() {
        convWeight.zeroGrad();
        convInput
                .conv2d(convWeight, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1)
                .backward(convGrad);
        return convWeight.grad();
    }

    @Benchmark
    public void adamUpdate() {
        adam.step();
    }
}
