package dev.backprop.bench;

import dev.backprop.array.NdArray;
import dev.backprop.tensor.Tensor;
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
 * Per-op overhead of the autograd engine: a chain of 1,000 element-wise ops on tensors of shape [8], forward and
 * backward. The score divided by 1,000 is the cost of one op (its forward, graph record, and pullback).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-XX:+UseParallelGC",
            "--add-modules",
            "jdk.incubator.vector",
            "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED"
        })
public class OpOverheadBenchmark {
    static final int OPS = 1000;

    private Tensor x;
    private Tensor c;

    @Setup
    public void setUp() {
        x = Tensor.variable(NdArray.arange(8).div(8f));
        c = Tensor.constant(NdArray.full(dev.backprop.array.Shape.of(8), 0.999f));
    }

    /** 1,000 ops: alternating mul, add, tanh, forward then backward (the final sum is one more op). */
    @Benchmark
    public NdArray chainForwardBackward() {
        x.zeroGrad();
        Tensor y = x;
        for (int i = 0; i < OPS - 1; i += 3) {
            y = y.mul(c).add(c).tanh();
        }
        y.sum().backward();
        return x.grad();
    }
}
