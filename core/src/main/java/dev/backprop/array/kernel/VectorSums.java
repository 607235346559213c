package dev.backprop.array.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order, whether the JIT has compiled the caller or not. {@code
 * reduceLanes(ADD)} may add float lanes in any order (its specification says so), and it does: the interpreter adds
 * them one by one, compiled code in a tree, so the same inputs gave different sums before and after compilation and a
 * seeded training run did not repeat. Here the halves are added pairwise with explicit shuffles, an order both agree
 * on.
 */
final class VectorSums {
    private static final VectorShuffle<Float>[] HALVES = halves(FloatVector.SPECIES_PREFERRED);
    private static final VectorShuffle<Double>[] DOUBLE_HALVES = halves(DoubleVector.SPECIES_PREFERRED);

    private VectorSums() {}

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
