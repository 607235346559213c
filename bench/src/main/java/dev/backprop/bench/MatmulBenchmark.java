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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Square matmul; GFLOP/s = 2 n^3 / (score in ms * 1e6). Also the two transposed products dense layers' backward needs. */
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
public class MatmulBenchmark {
    @Param({"256", "512", "1024", "2048"})
    int n;

    private NdArray a;
    private NdArray b;
    private NdArray c;

    @Setup
    public void setUp() {
        a = NdArray.uniform(Shape.of(n, n), -1, 1, new SplittableRandom(1));
        b = NdArray.uniform(Shape.of(n, n), -1, 1, new SplittableRandom(2));
        c = NdArray.zeros(n, n);
    }

    /** Into one result, as sgemm writes its C. */
    @Benchmark
    public NdArray matmulInto() {
        return a.matmul(b, c);
    }

    @Benchmark
    public NdArray matmul() {
        return a.matmul(b);
    }

    @Benchmark
    public NdArray matmulTransposedB() {
        return a.matmul(b.transpose(0, 1));
    }

    @Benchmark
    public NdArray matmulTransposedA() {
        return a.transpose(0, 1).matmul(b);
    }
}
