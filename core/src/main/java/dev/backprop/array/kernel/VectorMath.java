package dev.backprop.array.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log, tanh and GELU on float vectors from IEEE operations alone (add, multiply, fused multiply-add, divide,
 * compare, bit moves), after the single-precision algorithms of Moshier's Cephes library: a range reduction and a short
 * polynomial, within 1 ulp of {@code Math}'s (log1p within 2; GELU within 8 of its double form in {@link UnaryFn}).
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

    /**
     * The first half of GELU, {@code x Phi(x)}: {@code Phi(-|x|) / e^(-x^2/2)}, which {@link #geluFinish} completes.
     * Phi comes from the same fit of erfc as {@link UnaryFn#erfc} (Numerical Recipes' Chebyshev fit, fractional error
     * below 1.2e-7): {@code erfc(z) = t exp(-z^2 + P(t))}, {@code t = 1 / (1 + z/2)}, {@code z = |x| / sqrt 2}, and
     * {@code Phi(-|x|) = erfc(z) / 2}. In float, {@code -z^2 + P(t)} would round to about 4e-6 where z^2 is near 80, an
     * error of 30 ulp once exponentiated, and z itself carries the rounding of the division by sqrt 2; so {@code z^2 =
     * x^2 / 2} is split into a float and the exact remainder (a fused multiply-add gives it), and exp is taken of each
     * part: here of {@code P(t)} less the remainder, in {@code geluFinish} of the rest. Two methods, each with one exp,
     * because C2 inlines neither a method this long nor a second exp in one loop, and then boxes every vector.
     */
    static FloatVector geluScale(FloatVector x) {
        FloatVector t = FloatVector.broadcast(S, 1f).div(x.abs().fma(0.35355339059327376f, 1f)); // 1 / (1 + z/2)
        FloatVector p = t.fma(0.17087277f, -0.82215223f);
        p = p.fma(t, FloatVector.broadcast(S, 1.48851587f));
        p = p.fma(t, FloatVector.broadcast(S, -1.13520398f));
        p = p.fma(t, FloatVector.broadcast(S, 0.27886807f));
        p = p.fma(t, FloatVector.broadcast(S, -0.18628806f));
        p = p.fma(t, FloatVector.broadcast(S, 0.09678418f));
        p = p.fma(t, FloatVector.broadcast(S, 0.37409196f));
        p = p.fma(t, FloatVector.broadcast(S, 1.00002368f));
        p = p.fma(t, FloatVector.broadcast(S, -1.26551223f));
        FloatVector xx = x.mul(x);
        FloatVector rest = x.fma(x, xx.neg()); // x*x - xx, exactly
        return t.mul(0.5f).mul(exp(p.sub(rest.mul(0.5f))));
    }

    /**
     * GELU from x and {@code scaled}, {@link #geluScale}'s result: {@code Phi(-|x|) = scaled e^(-x^2/2)}, kept to its
     * relative precision however small, so that {@code x Phi(x)} is {@code x (1 - Phi(-x))} above 0 and {@code x
     * Phi(-|x|)} below; past {@code |x| = 14.5} it is 0 (less than half the least subnormal), and GELU(-Inf) is NaN, as
     * {@code x Phi(x)} is. Near 0, where P's terms cancel, {@code Phi = 1/2 + erf(z) / 2} with {@code erf(z) = z
     * Q(z^2)} (Cephes's {@code erff}). Within 8 ulp of {@link UnaryFn#GELU}'s double evaluation.
     */
    static FloatVector geluFinish(FloatVector x, FloatVector scaled) {
        FloatVector xx = x.mul(x);
        FloatVector ez = exp(xx.mul(-0.5f));
        VectorMask<Float> far = x.abs().compare(VectorOperators.GT, 14.5f); // e^(-x^2/2) is 0; x*x may be a NaN
        FloatVector positive = x.mul(scaled.mul(ez).blend(0f, far).neg().add(1f));
        // below 0 multiplied in this order, so no factor is subnormal while the result is not
        FloatVector negative = x.mul(scaled).mul(ez).blend(x.mul(0f), far);
        FloatVector y = positive.blend(negative, x.compare(VectorOperators.LT, 0f));
        FloatVector zz = xx.mul(0.5f);
        FloatVector q = zz.fma(7.853861353153693e-5f, -8.010193625184903e-4f);
        q = q.fma(zz, FloatVector.broadcast(S, 5.188327685732524e-3f));
        q = q.fma(zz, FloatVector.broadcast(S, -2.685381193529856e-2f));
        q = q.fma(zz, FloatVector.broadcast(S, 1.128358514861418e-1f));
        q = q.fma(zz, FloatVector.broadcast(S, -3.761262582423300e-1f));
        q = q.fma(zz, FloatVector.broadcast(S, 1.128379165726710f));
        FloatVector near = x.mul(x.mul(0.70710678118654752f).mul(q).fma(0.5f, 0.5f));
        return y.blend(near, x.abs().compare(VectorOperators.LT, 0.70710678f)); // z < 1/2
    }

    /**
     * GELU's derivative {@code Phi(x) + x phi(x)} from x and {@link #geluScale}'s result, Phi as in {@link
     * #geluFinish}, and {@code phi(x) = e^(-x^2/2) / sqrt(2 pi)} with the exact remainder of x^2 taken in to first
     * order. Within 8 ulp of {@link UnaryFn#GELU_DERIVATIVE}'s double evaluation, or 2e-7 where the two terms cancel
     * (the derivative is 0 near x = -0.75).
     */
    static FloatVector geluDerivativeFinish(FloatVector x, FloatVector scaled) {
        FloatVector xx = x.mul(x);
        FloatVector rest = x.fma(x, xx.neg()); // x*x - xx, exactly
        FloatVector ez = exp(xx.mul(-0.5f));
        VectorMask<Float> far = x.abs().compare(VectorOperators.GT, 14.5f); // Phi(-|x|) is 0; x*x may be a NaN
        FloatVector tail = scaled.mul(ez).blend(0f, far); // Phi(-|x|)
        FloatVector phi = tail.neg().add(1f).blend(tail, x.compare(VectorOperators.LT, 0f));
        // erf's series again, as in geluFinish: as a shared method C2 did not inline it, and boxed (1.6 -> 3.6 ns)
        FloatVector zz = xx.mul(0.5f);
        FloatVector q = zz.fma(7.853861353153693e-5f, -8.010193625184903e-4f);
        q = q.fma(zz, FloatVector.broadcast(S, 5.188327685732524e-3f));
        q = q.fma(zz, FloatVector.broadcast(S, -2.685381193529856e-2f));
        q = q.fma(zz, FloatVector.broadcast(S, 1.128358514861418e-1f));
        q = q.fma(zz, FloatVector.broadcast(S, -3.761262582423300e-1f));
        q = q.fma(zz, FloatVector.broadcast(S, 1.128379165726710f));
        FloatVector near = x.mul(0.70710678118654752f).mul(q).fma(0.5f, 0.5f);
        phi = phi.blend(near, x.abs().compare(VectorOperators.LT, 0.70710678f)); // Phi(x)
        // e^(-(xx + rest)/2) / sqrt(2 pi), and 0 far out, where rest may be infinite
        FloatVector density =
                ez.mul(rest.fma(-0.5f, 1f)).mul(0.3989422804014327f).blend(0f, far);
        return x.fma(density, phi);
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
