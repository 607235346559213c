package dev.backprop.array.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log and tanh on float vectors from IEEE operations alone (add, multiply, fused multiply-add, divide, compare,
 * bit moves), after the single-precision algorithms of Moshier's Cephes library: a range reduction and a short
 * polynomial, within 1 ulp of {@code Math}'s (log1p within 2).
 *
 * <p>Why not {@code lanewise(EXP)}: the JDK's vector math library gives other bits than the Java code that runs before
 * C2 compiles the loop (1 ulp apart, measured), so a seeded training run would depend on when the JIT got to it. These
 * operations round the same way compiled or not, and the results are the same bits on every run.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** {@code 1.5 * 2^23}: adding it rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final float ROUNDER = 12582912f;

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 in two parts, the first with few enough bits that {@code n * LN2_HIGH} is exact. */
    private static final float LN2_HIGH = 0.693359375f;

    private static final float LN2_LOW = -2.12194440e-4f;
    /** Above this exp overflows; below {@link #EXP_UNDERFLOW} it is 0 even as a subnormal. */
    private static final float EXP_OVERFLOW = 88.72283935546875f;

    private static final float EXP_UNDERFLOW = -103.972084f;

    private VectorMath() {}

    /** {@code e^x}: +Inf above 88.72, 0 below -103.97 and subnormal between -87.34 and there, NaN for NaN. */
    static FloatVector exp(FloatVector x) {
        // clamped by compare and blend, which keep a NaN and cost a third of max and min with Java's rules for NaN
        FloatVector xc = x.blend(EXP_UNDERFLOW, x.compare(VectorOperators.LT, EXP_UNDERFLOW))
                .blend(EXP_OVERFLOW, x.compare(VectorOperators.GT, EXP_OVERFLOW));
        FloatVector t = xc.fma(LOG2E, ROUNDER); // ROUNDER + round(x / ln 2), whose low bits hold the integer
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = xc.sub(n.mul(LN2_HIGH)).sub(n.mul(LN2_LOW)); // x - n ln 2, |r| <= ln 2 / 2
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f)
                .mul(r)
                .add(8.3334519073e-3f)
                .mul(r)
                .add(4.1665795894e-2f)
                .mul(r)
                .add(1.6666665459e-1f)
                .mul(r)
                .add(5.0000001201e-1f)
                .mul(r.mul(r))
                .add(r)
                .add(1f);
        // times 2^n as two powers of two, so that n below -126 gives a subnormal and n = 128 does not overflow early
        IntVector k = t.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER));
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector y = p.mul(k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                .mul(k.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOW));
        y = y.blend(0f, x.compare(VectorOperators.LT, EXP_UNDERFLOW));
        return y.blend(x, x.compare(VectorOperators.EQ, x).not());
    }

    /** {@code ln x}: NaN below 0 and for NaN, -Inf at ±0, +Inf at +Inf; subnormals are exact inputs. */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        // subnormals times 2^23, and 23 taken off the exponent
        FloatVector y =
                logOfNormal(x.blend(x.mul(8388608f), tiny), FloatVector.zero(S).blend(-23f, tiny));
        y = y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        y = y.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
        return y.blend(x, x.compare(VectorOperators.EQ, x).not());
    }

    /**
     * {@code ln x + extra ln 2} for a positive normal x: x as {@code m 2^e} with m in [sqrt(1/2), sqrt(2)), then
     * Cephes's polynomial in {@code f = m - 1} for the part of {@code ln(1 + f)} beyond {@code f - f^2 / 2}.
     */
    private static FloatVector logOfNormal(FloatVector x, FloatVector extra) {
        IntVector bits = x.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
        FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats(); // m in [0.5, 1)
        VectorMask<Float> low = m.compare(VectorOperators.LT, 0.707106781186547524f);
        FloatVector ef =
                ((FloatVector) e.convert(VectorOperators.I2F, 0)).add(extra).sub(1f, low);
        FloatVector f = m.add(m, low).sub(1f);
        FloatVector z = f.mul(f);
        FloatVector p = f.fma(7.0376836292e-2f, -1.1514610310e-1f)
                .mul(f)
                .add(1.1676998740e-1f)
                .mul(f)
                .add(-1.2420140846e-1f)
                .mul(f)
                .add(1.4249322787e-1f)
                .mul(f)
                .add(-1.6668057665e-1f)
                .mul(f)
                .add(2.0000714765e-1f)
                .mul(f)
                .add(-2.4999993993e-1f)
                .mul(f)
                .add(3.3333331174e-1f)
                .mul(f)
                .mul(z);
        return p.add(ef.mul(LN2_LOW)).sub(z.mul(0.5f)).add(f).add(ef.mul(LN2_HIGH));
    }

    /** {@code ln(1 + u)} for {@code u >= 0}, keeping a tiny u's relative precision (Goldberg's correction). */
    static FloatVector log1pNonNegative(FloatVector u) {
        FloatVector v = u.add(1f);
        FloatVector d = v.sub(1f); // u as rounded into 1 + u
        FloatVector y = log(v).mul(u.div(d));
        return y.blend(u, d.compare(VectorOperators.EQ, 0f))
                .blend(u, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** {@code tanh x}: an odd polynomial below 0.625, {@code 1 - 2 / (e^2|x| + 1)} above, with x's sign (also 0's). */
    static FloatVector tanh(FloatVector x) {
        FloatVector z = x.mul(x);
        FloatVector small = z.fma(-5.70498872745e-3f, 2.06390887954e-2f)
                .mul(z)
                .add(-5.37397155531e-2f)
                .mul(z)
                .add(1.33314422036e-1f)
                .mul(z)
                .add(-3.33332819422e-1f)
                .mul(z)
                .mul(x)
                .add(x);
        FloatVector a = x.abs();
        FloatVector large = FloatVector.broadcast(S, 1f)
                .sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(small, a.compare(VectorOperators.LT, 0.625f)).blend(x, x.compare(VectorOperators.EQ, 0f));
    }
}
