package dev.backprop.cli;

import dev.backprop.apps.digits.ImageModels;
import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.array.kernel.Gemm;
import dev.backprop.array.kernel.Parallel;
import dev.backprop.loss.CrossEntropy;
import dev.backprop.nn.Layer;
import dev.backprop.nn.Layers;
import dev.backprop.nn.Phase;
import dev.backprop.optim.Adam;
import dev.backprop.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code backprop bench}: trains each workload on synthetic data of the real shape for a fixed number of batches
 * after a warm-up, and reports samples/s and the process's peak resident memory. The PyTorch side is
 * {@code bench/reference/workloads.py}; {@code bench/compare.sh} runs both.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Training throughput of standard workloads"
                + " (W1: MLP 784-256-128-10, W2: the Keras MNIST CNN; both Adam 1e-3, batch 128), and matmul GFLOP/s.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "WORKLOAD", description = "W1, W2, matmul (default: W1 W2)")
    List<String> workloads = new ArrayList<>(List.of("W1", "W2"));

    @Option(names = "--json", description = "one JSON object per workload per line")
    boolean json;

    @Option(
            names = "--batches",
            defaultValue = "0",
            description = "measured batches (default: 1000 for W1, 150 for W2)")
    int batches;

    @Option(
            names = "--warmup",
            defaultValue = "0",
            description = "warm-up batches (default: 2000 for W1, 150 for W2: the JIT compiles the hot loops only after"
                    + " thousands of calls; PyTorch's reference warms up as long)")
    int warmup;

    @Override
    public Integer call() throws IOException {
        for (String w : workloads) {
            switch (w.toUpperCase(Locale.ROOT)) {
                case "W1" ->
                    train("W1", ImageModels.mlp(784, 10, new SplittableRandom(1)), Shape.of(128, 784), 1000, 2000);
                case "W2" ->
                    train("W2", ImageModels.cnn(1, 10, new SplittableRandom(1)), Shape.of(128, 1, 28, 28), 150, 150);
                case "MATMUL" -> matmul();
                default -> throw new IllegalArgumentException("unknown workload '" + w + "': choose W1, W2 or matmul");
            }
        }
        return 0;
    }

    private void train(String name, Layer model, Shape input, int defaultBatches, int defaultWarmup)
            throws IOException {
        int measured = batches > 0 ? batches : defaultBatches, warm = warmup > 0 ? warmup : defaultWarmup;
        SplittableRandom rng = new SplittableRandom(7);
        NdArray x = NdArray.uniform(input, 0, 1, rng);
        float[] labels = new float[input.dim(0)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(10);
        }
        NdArray y = NdArray.of(labels);
        Layers.build(model, input); // size the layers whose input size comes from the first batch
        Adam optimizer = new Adam(Layers.parameters(model), 1e-3);
        CrossEntropy loss = new CrossEntropy();
        for (int i = 0; i < warm; i++) {
            step(model, loss, optimizer, x, y);
        }
        long start = System.nanoTime();
        for (int i = 0; i < measured; i++) {
            step(model, loss, optimizer, x, y);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = measured * (double) input.dim(0) / seconds;
        long rss = peakRss();
        if (json) {
            System.out.printf(
                    Locale.ROOT,
                    "{\"workload\": \"%s\", \"framework\": \"backprop\", \"samples_per_second\": %.1f,"
                            + " \"peak_rss_bytes\": %d, \"batches\": %d, \"batch_size\": %d, \"threads\": %d, \"java\": \"%s\","
                            + " \"matmul_kernel\": \"%s\"}%n",
                    name,
                    rate,
                    rss,
                    measured,
                    input.dim(0),
                    Parallel.threads(),
                    Runtime.version(),
                    Gemm.kernel());
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "%s: %,.0f samples/s (%d batches of %d in %.2f s), peak RSS %,d MB%n",
                    name,
                    rate,
                    measured,
                    input.dim(0),
                    seconds,
                    rss >> 20);
        }
    }

    private static void step(Layer model, CrossEntropy loss, Adam optimizer, NdArray x, NdArray y) {
        Tensor value = loss.apply(model.forward(Tensor.constant(x), Phase.TRAIN), y);
        optimizer.zeroGrad();
        value.backward();
        optimizer.step();
    }

    /**
     * GFLOP/s of n x n products, best of 5 rounds: {@code matmul-N} writes into one result array, as sgemm writes its C
     * (and as the numpy reference does with {@code out=}); {@code matmul-alloc-N} allocates a new result each time, as
     * {@code a.matmul(b)} does, which on the JVM also pays for writing to memory that is not in cache.
     */
    private void matmul() {
        for (int n : new int[] {256, 512, 1024, 2048}) {
            SplittableRandom rng = new SplittableRandom(n);
            NdArray a = NdArray.uniform(Shape.of(n, n), -1, 1, rng), b = NdArray.uniform(Shape.of(n, n), -1, 1, rng);
            NdArray c = NdArray.zeros(n, n);
            report("matmul-" + n, n, gflops(n, () -> a.matmul(b, c)));
            report("matmul-alloc-" + n, n, gflops(n, () -> a.matmul(b)));
        }
    }

    private static double gflops(int n, Runnable product) {
        long flops = 2L * n * n * n;
        int reps = (int) Math.max(3, 4e9 / flops);
        for (int i = 0; i < reps; i++) {
            product.run();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                product.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9 / reps);
        }
        return flops / best / 1e9;
    }

    private void report(String workload, int n, double gflops) {
        if (json) {
            System.out.printf(
                    Locale.ROOT,
                    "{\"workload\": \"%s\", \"framework\": \"backprop\", \"gflops\": %.1f, \"matmul_kernel\": \"%s\"}%n",
                    workload,
                    gflops,
                    Gemm.kernel());
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "%s %dx%d: %.1f GFLOP/s (best of 5)%n",
                    workload.startsWith("matmul-alloc") ? "matmul (new result)" : "matmul",
                    n,
                    n,
                    gflops);
        }
    }

    /** Peak resident set size of this process (VmHWM), or -1 where /proc is absent. */
    static long peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
