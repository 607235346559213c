package dev.backprop.bench;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
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

/** Element-wise add and mul of two 1,000,000-float arrays into a new array (numpy's {@code a + b}). */
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

    @Setup
    public void setUp() {
        a = NdArray.uniform(Shape.of(1_000_000), -1, 1, new SplittableRandom(1));
        b = NdArray.uniform(Shape.of(1_000_000), -1, 1, new SplittableRandom(2));
    }

    @Benchmark
    public NdArray add() {
        return a.add(b);
    }

    @Benchmark
    public NdArray mul() {
        return a.mul(b);
    }
}
