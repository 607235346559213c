package dev.backprop.array.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums on the Vector API in one fixed order, whether the JIT has compiled the caller or not. {@code
 * reduceLanes(ADD)} may add float lanes in any order (its specification says so), and it does: the interpreter adds
 * them one by one, compiled code in a tree, so the same inputs gave different sums before and after compilation and a
 * seeded training run did not repeat. Here the halves are added pairwise with explicit shuffles, an order both agree
 * on.
 *
 * <p>As {@link Sums}'s kernel it adds a run of floats in double lanes: half a vector of floats at a time widened to a
 * whole vector of doubles, into four accumulators, which {@link #sum(DoubleVector)} then adds in its fixed order; the
 * elements past the last whole step are added one by one. Loaded only when the JVM has {@code jdk.incubator.vector}.
 */
final class VectorSums implements Sums.Kernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] HALVES = halves(S);
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    /** Floats as many as D has lanes: each widens to one double vector. */
    private static final VectorSpecies<Float> NARROW =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    private static final VectorShuffle<Double>[] DOUBLE_HALVES = halves(D);

    @Override
    public double sum(float[] a, int off, int n) {
        int step = 4 * DL, whole = n - n % step;
        double total = 0;
        if (whole > 0) {
            DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0; i < whole; i += step) {
                s0 = s0.add(widen(a, off + i));
                s1 = s1.add(widen(a, off + i + DL));
                s2 = s2.add(widen(a, off + i + 2 * DL));
                s3 = s3.add(widen(a, off + i + 3 * DL));
            }
            total = sum(s0.add(s1).add(s2.add(s3)));
        }
        for (int i = whole; i < n; i++) {
            total += a[off + i];
        }
        return total;
    }

    private static DoubleVector widen(float[] a, int at) {
        return (DoubleVector) FloatVector.fromArray(NARROW, a, at).convertShape(VectorOperators.F2D, D, 0);
    }

    static float sum(FloatVector v) {
        for (VectorShuffle<Float> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        return v.lane(0);
    }

    static double sum(DoubleVector v) {
        for (VectorShuffle<Double> half : DOUBLE_HALVES) {
            v = v.add(v.rearrange(half));
        }
        return v.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E>[] halves(VectorSpecies<E> species) {
        int steps = Integer.numberOfTrailingZeros(species.length());
        VectorShuffle<E>[] out = new VectorShuffle[steps];
        for (int i = 0, d = species.length() / 2; i < steps; i++, d /= 2) {
            int distance = d;
            out[i] = VectorShuffle.fromOp(species, lane -> lane ^ distance);
        }
        return out;
    }
}
