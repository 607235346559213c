package dev.backprop.array.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Reduction}'s unit-stride loops on the Vector API. A sum takes half a vector of floats at a time, widened to a
 * whole vector of doubles, into four accumulators, which {@link VectorSums#sum(DoubleVector)} then adds in its fixed
 * order; the elements past the last whole step are added one by one. An extremum is a lane-wise max or min with Java's
 * rules (a NaN wins, 0 is above -0), and the lanes are then folded in any order, which cannot change the result. Loaded
 * only when the JVM has {@code jdk.incubator.vector} (see {@link Reduction}).
 */
final class VectorReduction implements Reduction.Kernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    /** As many floats as D has lanes: each widens to one vector of doubles. */
    private static final VectorSpecies<Float> NARROW =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

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
            total = VectorSums.sum(s0.add(s1).add(s2.add(s3)));
        }
        for (int i = whole; i < n; i++) {
            total += a[off + i];
        }
        return total;
    }

    private static DoubleVector widen(float[] a, int at) {
        return (DoubleVector) FloatVector.fromArray(NARROW, a, at).convertShape(VectorOperators.F2D, D, 0);
    }

    @Override
    public float extremum(float[] a, int off, int n, boolean min) {
        return min ? min(a, off, n) : max(a, off, n);
    }

    // max and min as two loops rather than one taking the operator: C2 compiles a lane-wise operator to vector
    // instructions only where it is a constant (see VectorElementWise)
    private static float max(float[] a, int off, int n) {
        int whole = n - n % L;
        float m = Float.NEGATIVE_INFINITY;
        if (whole > 0) {
            FloatVector acc = FloatVector.fromArray(S, a, off);
            for (int i = L; i < whole; i += L) {
                acc = acc.max(FloatVector.fromArray(S, a, off + i));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (int i = whole; i < n; i++) {
            m = Math.max(m, a[off + i]);
        }
        return m;
    }

    private static float min(float[] a, int off, int n) {
        int whole = n - n % L;
        float m = Float.POSITIVE_INFINITY;
        if (whole > 0) {
            FloatVector acc = FloatVector.fromArray(S, a, off);
            for (int i = L; i < whole; i += L) {
                acc = acc.min(FloatVector.fromArray(S, a, off + i));
            }
            m = acc.reduceLanes(VectorOperators.MIN);
        }
        for (int i = whole; i < n; i++) {
            m = Math.min(m, a[off + i]);
        }
        return m;
    }
}
