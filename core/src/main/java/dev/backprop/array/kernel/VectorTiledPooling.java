package dev.backprop.array.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TiledPooling} on the Vector API: a vector of windows at a time, the running maximum and its slab kept in
 * registers, masked loads and stores for the last vector of each slab. Loaded only when the JVM has the module.
 */
final class VectorTiledPooling implements TiledPooling.Kernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> B =
            VectorSpecies.of(byte.class, jdk.incubator.vector.VectorShape.forBitSize(F.length() * 8));
    private static final int L = F.length();

    @Override
    public void max(float[] u, int uOff, int channels, int q, int p, float[] y, int yOff, byte[] where) {
        int whole = p - p % L;
        for (int c = 0; c < channels; c++) {
            int base = uOff + c * q * p, o = yOff + c * p;
            for (int t = 0; t < whole; t += L) {
                FloatVector best = FloatVector.fromArray(F, u, base + t);
                FloatVector at = FloatVector.zero(F);
                for (int k = 1; k < q; k++) {
                    FloatVector v = FloatVector.fromArray(F, u, base + k * p + t);
                    at = at.blend(k, v.compare(VectorOperators.GT, best)); // the first maximum in reading order
                    best = best.max(v); // a NaN propagates (where it came from does not matter)
                }
                best.intoArray(y, o + t);
                at.convertShape(VectorOperators.F2I, I, 0)
                        .convertShape(VectorOperators.I2B, B, 0)
                        .reinterpretAsBytes()
                        .intoArray(where, o + t);
            }
            TiledPooling.Scalar.windows(u, base, q, p, whole, p, y, o, where);
        }
    }

    @Override
    public void scatter(
            float[] g,
            int gOff,
            float[] gate,
            float scale,
            byte[] where,
            int wOff,
            int channels,
            int q,
            int p,
            float[] out,
            float[] channelSums) {
        int whole = p - p % L;
        FloatVector zero = FloatVector.zero(F);
        for (int c = 0; c < channels; c++) {
            int src = gOff + c * p, at0 = wOff + c * p, dst = c * q * p;
            FloatVector sum = zero;
            for (int t = 0; t < whole; t += L) {
                FloatVector grad = FloatVector.fromArray(F, g, src + t).mul(scale);
                if (gate != null) {
                    grad = zero.blend(
                            grad, FloatVector.fromArray(F, gate, src + t).compare(VectorOperators.GT, 0f));
                }
                sum = sum.add(grad);
                FloatVector at =
                        (FloatVector) ByteVector.fromArray(B, where, at0 + t).convertShape(VectorOperators.B2F, F, 0);
                for (int k = 0; k < q; k++) {
                    zero.blend(grad, at.eq(k)).intoArray(out, dst + k * p + t);
                }
            }
            float rest = TiledPooling.Scalar.spread(g, src, gate, scale, where, at0, q, p, whole, p, out, dst);
            if (channelSums != null) {
                channelSums[c] += VectorSums.sum(sum) + rest;
            }
        }
    }
}
