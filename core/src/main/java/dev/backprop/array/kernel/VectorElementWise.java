package dev.backprop.array.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ElementWise}'s unit-stride loops on the Vector API, at any offsets. C2 vectorises the plain loops only when
 * input and output share one index, and never a call to {@code Math.exp} or {@code Math.tanh}; these loops always run
 * a vector of floats at a time, and exp, log, tanh and GELU are {@link VectorMath}'s polynomials, which give the same
 * bits whether or not the JIT has compiled them.
 *
 * <p>Each function has a loop, and a method, of its own: C2 compiles an operator to vector instructions only when it
 * is a constant where it is called, and compiles a method by the profile it has seen, so that one method for all
 * functions left those first called after its compilation as slow as a scalar loop (TANH at 10 ns per element). The
 * last, partial vector is read and written through a mask, or, for GELU and its derivative, goes through a padded
 * scratch array; either way every element gets the same lanes' arithmetic wherever it sits. Loaded only when the JVM
 * has {@code jdk.incubator.vector} (see {@link ElementWise}).
 */
final class VectorElementWise implements ElementWise.Kernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements per block of the two GELU passes, a multiple of any vector length. */
    private static final int GELU_BLOCK = 1024;

    @Override
    public boolean unary(UnaryFn fn, float[] x, int ix, float[] out, int io, int n) {
        int whole = n - n % L;
        unaryVectors(fn, x, ix, out, io, whole);
        if (whole < n && !unaryTail(fn, x, ix + whole, out, io + whole, n - whole)) {
            float[] tail = new float[L];
            System.arraycopy(x, ix + whole, tail, 0, n - whole);
            unaryVectors(fn, tail, 0, tail, 0, L);
            System.arraycopy(tail, 0, out, io + whole, n - whole);
        }
        return true;
    }

    @Override
    public boolean binary(BinaryFn fn, float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        if (fn == BinaryFn.POW) { // Math.pow's special cases, kept exact by the scalar loop
            return false;
        }
        int whole = n - n % L;
        binaryVectors(fn, a, ia, b, ib, out, io, whole);
        if (whole < n) {
            binaryTail(fn, a, ia + whole, b, ib + whole, 0f, out, io + whole, n - whole);
        }
        return true;
    }

    @Override
    public boolean binaryScalar(BinaryFn fn, float[] a, int ia, float s, float[] out, int io, int n) {
        switch (fn) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> {}
            default -> {
                return false; // comparisons with one number and the rest: the scalar loop
            }
        }
        int whole = n - n % L;
        scalarVectors(fn, a, ia, s, out, io, whole);
        if (whole < n) {
            binaryTail(fn, a, ia + whole, null, 0, s, out, io + whole, n - whole);
        }
        return true;
    }

    /**
     * The last, partial vector of {@code fn(a, b)} (b's elements, or {@code s} when b is null), read and written
     * through a mask: half what a padded scratch array costs (an add of 100 floats: 11.6 against 23.5 ns per call).
     */
    private static void binaryTail(
            BinaryFn fn, float[] a, int ia, float[] b, int ib, float s, float[] out, int io, int n) {
        VectorMask<Float> m = S.indexInRange(0, n);
        FloatVector x = FloatVector.fromArray(S, a, ia, m);
        FloatVector y = b == null ? FloatVector.broadcast(S, s) : FloatVector.fromArray(S, b, ib, m);
        FloatVector r = switch (fn) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAXIMUM -> x.max(y);
            case MINIMUM -> x.min(y);
            case GATE -> gate(x, y);
            case GT -> indicator(x.compare(VectorOperators.GT, y));
            case GE -> indicator(x.compare(VectorOperators.GE, y));
            case LT -> indicator(x.compare(VectorOperators.LT, y));
            case LE -> indicator(x.compare(VectorOperators.LE, y));
            case EQ -> indicator(x.compare(VectorOperators.EQ, y));
            case NE -> indicator(x.compare(VectorOperators.EQ, y).not());
            case POW -> throw new IllegalArgumentException("POW has no vector form");
        };
        r.intoArray(out, io, m);
    }

    /**
     * The last, partial vector of {@code fn(x)}, read and written through a mask as in {@link #binaryTail}; false, and
     * nothing written, for GELU and its derivative, whose two passes take the tail through a padded scratch array.
     * exp, log and the functions built on them each have a method of their own: inlined into one method, they would
     * exceed what C2 inlines there, and it would box the vectors.
     */
    private static boolean unaryTail(UnaryFn fn, float[] x, int ix, float[] out, int io, int n) {
        switch (fn) {
            case EXP -> expTail(x, ix, out, io, n);
            case LOG -> logTail(x, ix, out, io, n);
            case TANH -> tanhTail(x, ix, out, io, n);
            case SIGMOID -> sigmoidTail(x, ix, out, io, n);
            case SOFTPLUS -> softplusTail(x, ix, out, io, n);
            case GELU, GELU_DERIVATIVE -> {
                return false;
            }
            default -> {
                VectorMask<Float> m = S.indexInRange(0, n);
                FloatVector v = FloatVector.fromArray(S, x, ix, m);
                FloatVector r = switch (fn) {
                    case NEG -> v.neg();
                    case ABS -> v.abs();
                    case SIGN -> sign(v);
                    case SQUARE -> v.mul(v);
                    case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(v);
                    case SQRT -> v.sqrt();
                    case RELU -> relu(v);
                    default -> throw new IllegalStateException(fn + " has a tail of its own above");
                };
                r.intoArray(out, io, m);
            }
        }
        return true;
    }

    private static void expTail(float[] x, int ix, float[] out, int io, int n) {
        VectorMask<Float> m = S.indexInRange(0, n);
        VectorMath.exp(FloatVector.fromArray(S, x, ix, m)).intoArray(out, io, m);
    }

    private static void logTail(float[] x, int ix, float[] out, int io, int n) {
        VectorMask<Float> m = S.indexInRange(0, n);
        VectorMath.log(FloatVector.fromArray(S, x, ix, m)).intoArray(out, io, m);
    }

    private static void tanhTail(float[] x, int ix, float[] out, int io, int n) {
        VectorMask<Float> m = S.indexInRange(0, n);
        VectorMath.tanh(FloatVector.fromArray(S, x, ix, m)).intoArray(out, io, m);
    }

    private static void sigmoidTail(float[] x, int ix, float[] out, int io, int n) {
        VectorMask<Float> m = S.indexInRange(0, n);
        sigmoid(FloatVector.fromArray(S, x, ix, m)).intoArray(out, io, m);
    }

    private static void softplusTail(float[] x, int ix, float[] out, int io, int n) {
        VectorMask<Float> m = S.indexInRange(0, n);
        softplus(FloatVector.fromArray(S, x, ix, m)).intoArray(out, io, m);
    }

    /** {@code out[io + i] = fn(x[ix + i])} for {@code i < n}, n a multiple of L. */
    private static void unaryVectors(UnaryFn fn, float[] x, int ix, float[] out, int io, int n) {
        switch (fn) {
            case NEG -> unaryNeg(x, ix, out, io, n);
            case EXP -> unaryExp(x, ix, out, io, n);
            case LOG -> unaryLog(x, ix, out, io, n);
            case SQRT -> unarySqrt(x, ix, out, io, n);
            case ABS -> unaryAbs(x, ix, out, io, n);
            case SIGN -> unarySign(x, ix, out, io, n);
            case SQUARE -> unarySquare(x, ix, out, io, n);
            case RECIPROCAL -> unaryReciprocal(x, ix, out, io, n);
            case RELU -> unaryRelu(x, ix, out, io, n);
            case SIGMOID -> unarySigmoid(x, ix, out, io, n);
            case TANH -> unaryTanh(x, ix, out, io, n);
            case SOFTPLUS -> unarySoftplus(x, ix, out, io, n);
            case GELU -> unaryGelu(x, ix, out, io, n, false);
            case GELU_DERIVATIVE -> unaryGelu(x, ix, out, io, n, true);
        }
    }

    /** {@code out[io + i] = fn(a[ia + i], b[ib + i])} for {@code i < n}, n a multiple of L. */
    private static void binaryVectors(BinaryFn fn, float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        switch (fn) {
            case ADD -> binaryAdd(a, ia, b, ib, out, io, n);
            case SUB -> binarySub(a, ia, b, ib, out, io, n);
            case MUL -> binaryMul(a, ia, b, ib, out, io, n);
            case DIV -> binaryDiv(a, ia, b, ib, out, io, n);
            case MAXIMUM -> binaryMaximum(a, ia, b, ib, out, io, n);
            case MINIMUM -> binaryMinimum(a, ia, b, ib, out, io, n);
            case GATE -> binaryGate(a, ia, b, ib, out, io, n);
            case GT -> binaryGt(a, ia, b, ib, out, io, n);
            case GE -> binaryGe(a, ia, b, ib, out, io, n);
            case LT -> binaryLt(a, ia, b, ib, out, io, n);
            case LE -> binaryLe(a, ia, b, ib, out, io, n);
            case EQ -> binaryEq(a, ia, b, ib, out, io, n);
            case NE -> binaryNe(a, ia, b, ib, out, io, n);
            case POW -> throw new IllegalArgumentException("POW has no vector form");
        }
    }

    /** {@code out[io + i] = fn(a[ia + i], s)} for {@code i < n}, n a multiple of L. */
    private static void scalarVectors(BinaryFn fn, float[] a, int ia, float s, float[] out, int io, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        switch (fn) {
            case ADD -> scalarAdd(a, ia, b, out, io, n);
            case SUB -> scalarSub(a, ia, b, out, io, n);
            case MUL -> scalarMul(a, ia, b, out, io, n);
            case DIV -> scalarDiv(a, ia, b, out, io, n);
            case MAXIMUM -> scalarMaximum(a, ia, b, out, io, n);
            case MINIMUM -> scalarMinimum(a, ia, b, out, io, n);
            default -> throw new IllegalArgumentException(fn + " against a scalar has no vector form");
        }
    }

    private static void unaryNeg(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(x, ix + i).neg().intoArray(out, io + i);
    }

    private static void unaryExp(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) VectorMath.exp(at(x, ix + i)).intoArray(out, io + i);
    }

    /**
     * GELU, or its derivative, in two passes over each block of 1,024 elements, each pass a method with one exp (see
     * {@link VectorMath#geluScale}): with both loops in one method, C2 ran out of its node budget for inlining and
     * boxed the vectors.
     */
    private static void unaryGelu(float[] x, int ix, float[] out, int io, int n, boolean derivative) {
        float[] scaled = new float[Math.min(n, GELU_BLOCK)]; // not out: it may be x
        for (int b = 0; b < n; b += GELU_BLOCK) {
            int m = Math.min(GELU_BLOCK, n - b);
            geluScales(x, ix + b, scaled, m);
            if (derivative) {
                geluDerivativeFinishes(x, ix + b, scaled, out, io + b, m);
            } else {
                geluFinishes(x, ix + b, scaled, out, io + b, m);
            }
        }
    }

    private static void geluScales(float[] x, int ix, float[] scaled, int n) {
        for (int i = 0; i < n; i += L) VectorMath.geluScale(at(x, ix + i)).intoArray(scaled, i);
    }

    private static void geluFinishes(float[] x, int ix, float[] scaled, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L)
            VectorMath.geluFinish(at(x, ix + i), at(scaled, i)).intoArray(out, io + i);
    }

    private static void geluDerivativeFinishes(float[] x, int ix, float[] scaled, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMath.geluDerivativeFinish(at(x, ix + i), at(scaled, i)).intoArray(out, io + i);
        }
    }

    private static void unaryLog(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) VectorMath.log(at(x, ix + i)).intoArray(out, io + i);
    }

    private static void unarySqrt(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(x, ix + i).sqrt().intoArray(out, io + i);
    }

    private static void unaryAbs(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(x, ix + i).abs().intoArray(out, io + i);
    }

    private static void unarySign(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) sign(at(x, ix + i)).intoArray(out, io + i);
    }

    private static void unarySquare(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = at(x, ix + i);
            v.mul(v).intoArray(out, io + i);
        }
    }

    private static void unaryReciprocal(float[] x, int ix, float[] out, int io, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) one.div(at(x, ix + i)).intoArray(out, io + i);
    }

    private static void unaryRelu(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) relu(at(x, ix + i)).intoArray(out, io + i);
    }

    private static void unarySigmoid(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) sigmoid(at(x, ix + i)).intoArray(out, io + i);
    }

    private static void unaryTanh(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) VectorMath.tanh(at(x, ix + i)).intoArray(out, io + i);
    }

    private static void unarySoftplus(float[] x, int ix, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) softplus(at(x, ix + i)).intoArray(out, io + i);
    }

    private static void binaryAdd(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).add(at(b, ib + i)).intoArray(out, io + i);
    }

    private static void binarySub(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).sub(at(b, ib + i)).intoArray(out, io + i);
    }

    private static void binaryMul(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).mul(at(b, ib + i)).intoArray(out, io + i);
    }

    private static void binaryDiv(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).div(at(b, ib + i)).intoArray(out, io + i);
    }

    private static void binaryMaximum(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).max(at(b, ib + i)).intoArray(out, io + i);
    }

    private static void binaryMinimum(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).min(at(b, ib + i)).intoArray(out, io + i);
    }

    private static void binaryGate(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) gate(at(a, ia + i), at(b, ib + i)).intoArray(out, io + i);
    }

    private static void binaryGt(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) {
            indicator(at(a, ia + i).compare(VectorOperators.GT, at(b, ib + i))).intoArray(out, io + i);
        }
    }

    private static void binaryGe(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) {
            indicator(at(a, ia + i).compare(VectorOperators.GE, at(b, ib + i))).intoArray(out, io + i);
        }
    }

    private static void binaryLt(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) {
            indicator(at(a, ia + i).compare(VectorOperators.LT, at(b, ib + i))).intoArray(out, io + i);
        }
    }

    private static void binaryLe(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) {
            indicator(at(a, ia + i).compare(VectorOperators.LE, at(b, ib + i))).intoArray(out, io + i);
        }
    }

    private static void binaryEq(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) {
            indicator(at(a, ia + i).compare(VectorOperators.EQ, at(b, ib + i))).intoArray(out, io + i);
        }
    }

    private static void binaryNe(
            float[] a,
            int ia,
            float[] b,
            int ib,
            float[] out,
            int io,
            int n) { // "not equal" is true for a NaN, as Java's != is: the complement of EQ
        for (int i = 0; i < n; i += L) {
            indicator(at(a, ia + i).compare(VectorOperators.EQ, at(b, ib + i)).not())
                    .intoArray(out, io + i);
        }
    }

    private static void scalarAdd(float[] a, int ia, FloatVector b, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).add(b).intoArray(out, io + i);
    }

    private static void scalarSub(float[] a, int ia, FloatVector b, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).sub(b).intoArray(out, io + i);
    }

    private static void scalarMul(float[] a, int ia, FloatVector b, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).mul(b).intoArray(out, io + i);
    }

    private static void scalarDiv(float[] a, int ia, FloatVector b, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).div(b).intoArray(out, io + i);
    }

    private static void scalarMaximum(float[] a, int ia, FloatVector b, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).max(b).intoArray(out, io + i);
    }

    private static void scalarMinimum(float[] a, int ia, FloatVector b, float[] out, int io, int n) {
        for (int i = 0; i < n; i += L) at(a, ia + i).min(b).intoArray(out, io + i);
    }

    private static FloatVector at(float[] x, int offset) {
        return FloatVector.fromArray(S, x, offset);
    }

    /**
     * {@code Math.max(x, 0)}: a NaN stays NaN and -0 becomes 0. As a compare and a blend, since {@code max} with Java's
     * rules for NaN and -0 takes several instructions more on x86.
     */
    private static FloatVector relu(FloatVector x) {
        return x.blend(0f, x.compare(VectorOperators.LE, 0f));
    }

    /** {@code a} where {@code b > 0}, else 0. */
    private static FloatVector gate(FloatVector a, FloatVector b) {
        return FloatVector.zero(S).blend(a, b.compare(VectorOperators.GT, 0f));
    }

    /** 1 where the mask is set, else 0. */
    private static FloatVector indicator(VectorMask<Float> m) {
        return FloatVector.zero(S).blend(1f, m);
    }

    /** -1, 0 or 1 by the sign; 0, -0 and NaN map to themselves, as with {@code Math.signum}. */
    private static FloatVector sign(FloatVector x) {
        return x.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
    }

    /**
     * The logistic function from {@code e = exp(-|x|)}, which cannot overflow: {@code 1 / (1 + e)} for {@code x >= 0}
     * and {@code e / (1 + e)} below, so tiny results keep their relative precision.
     */
    private static FloatVector sigmoid(FloatVector x) {
        FloatVector e = VectorMath.exp(x.abs().neg());
        FloatVector r = FloatVector.broadcast(S, 1f).div(e.add(1f));
        return r.blend(e.mul(r), x.compare(VectorOperators.LT, 0f));
    }

    /** {@code log(1 + e^x)} as {@code max(x, 0) + log1p(e^-|x|)}, finite for any finite x. */
    private static FloatVector softplus(FloatVector x) {
        return relu(x).add(VectorMath.log1pNonNegative(VectorMath.exp(x.abs().neg())));
    }
}
