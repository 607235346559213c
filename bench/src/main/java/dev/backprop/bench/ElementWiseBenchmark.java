package dev.backprop.bench;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import dev.backprop.array.kernel.UnaryFn;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Element-wise ops on 1,000,000 floats into a new array, as numpy's {@code a + b} or {@code np.tanh(a)}: add and mul
 * of two arrays, exp, tanh, GELU (and its derivative) and the logistic function of one, and a bias added to each row
 * of a [1000, 1000] matrix (broadcast, so input and output rows start at different offsets); and sums: of all
 * 1,000,000, and of the matrix's rows and columns; and the max of each row. {@code bench/reference/elementwise.py} is
 * the numpy side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-XX:+UseParallelGC",
            "--add-modules",
            "jdk.incubator.vector",
            "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED"
        })
public class ElementWiseBenchmark {
    private NdArray a;
    private NdArray b;
    private NdArray matrix;
    private NdArray bias;

    @Setup
    public void setUp() {
        a = NdArray.uniform(Shape.of(1_000_000), -1, 1, new SplittableRandom(1));
        b = NdArray.uniform(Shape.of(1_000_000), -1, 1, new SplittableRandom(2));
        matrix = NdArray.uniform(Shape.of(1000, 1000), -1, 1, new SplittableRandom(3));
        bias = NdArray.uniform(Shape.of(1000), -1, 1, new SplittableRandom(4));
    }

    @Benchmark
    public NdArray exp() {
        return a.exp();
    }

    @Benchmark
    public NdArray tanh() {
        return a.tanh();
    }

    @Benchmark
    public NdArray gelu() {
        return a.unary(UnaryFn.GELU);
    }

    @Benchmark
    public NdArray geluDerivative() {
        return a.unary(UnaryFn.GELU_DERIVATIVE);
    }

    @Benchmark
    public NdArray sigmoid() {
        return a.sigmoid();
    }

    @Benchmark
    public NdArray addBias() {
        return matrix.add(bias);
    }

    @Benchmark
    public NdArray add() {
        return a.add(b);
    }

    @Benchmark
    public NdArray mul() {
        return a.mul(b);
    }

    @Benchmark
    public NdArray sumAll() {
        return a.sum();
    }

    @Benchmark
    public NdArray sumRows() {
        return matrix.sum(new int[] {1}, false);
    }

    @Benchmark
    public NdArray sumColumns() {
        return matrix.sum(new int[] {0}, false);
    }

    @Benchmark
    public NdArray maxRows() {
        return matrix.max(new int[] {1}, false);
    }
}
