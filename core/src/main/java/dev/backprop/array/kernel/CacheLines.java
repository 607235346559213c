package dev.backprop.array.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Where a float array's elements fall on 64-byte cache lines, so that a kernel can start its packed panels on a line.
 * The JVM aligns objects to 8 bytes only, and a 512-bit load from an address that is not a multiple of 64 touches two
 * lines: the GEMM micro-kernel loads every vector of its packed B panel so, and ran 7% faster at 2048 x 2048 with the
 * panel on a line than off it (165 against 176 GFLOP/s on one core, same run).
 *
 * <p>Java has no supported way to ask where an array is. The JDK's own {@code jdk.internal.misc.Unsafe} reads the
 * reference to it, which is the address or, with compressed references, the address shifted right by a few bits
 * (the heap base that may be added is page-aligned, so it does not change the address modulo 64). The shift is found
 * once by allocating a large array and a small object one after the other and comparing their references; where
 * references are not addresses at all (ZGC's carry metadata in their low bits), the comparison fails and so does the
 * probe. {@code
 * Unsafe} is reachable when the JVM runs with {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, as the
 * {@code backprop} launcher starts it; otherwise, or if the probe is inconclusive, {@link #skip} returns 0 and kernels
 * run unaligned, as before.
 *
 * <p>Only speed depends on this: the garbage collector may move an array at any time, so kernels ask again for every
 * product and read and write the same elements wherever the array is.
 */
final class CacheLines {
    static final int BYTES = 64;
    static final int FLOATS = BYTES / Float.BYTES;

    private static final Probe PROBE = Probe.find();

    private CacheLines() {}

    /**
     * How many floats from the start of {@code array} its first cache-line-aligned element is, in {@code [0, FLOATS)};
     * 0 when that cannot be known. Allocate {@link #FLOATS} extra floats to leave room for it.
     */
    static int skip(float[] array) {
        if (PROBE == null) {
            return 0;
        }
        long address = PROBE.address(array) + PROBE.floatBase;
        return (int) (((BYTES - (address & (BYTES - 1))) & (BYTES - 1)) / Float.BYTES);
    }

    /** Whether {@link #skip} knows where arrays are (for the start-up log). */
    static boolean known() {
        return PROBE != null;
    }

    /** Where {@code o} is, less the heap base if any (so exact modulo 64), or -1 when that cannot be known. */
    static long address(Object o) {
        return PROBE == null ? -1 : PROBE.address(o);
    }

    /** The offset of a float array's first element from the array's start, or -1 when that cannot be known. */
    static long floatBase() {
        return PROBE == null ? -1 : PROBE.floatBase;
    }

    /** Reads references through {@code Unsafe}; {@code shift} turns a compressed one into an address modulo 64. */
    private record Probe(
            Object unsafe,
            MethodHandle getInt,
            MethodHandle getLong,
            long slot,
            boolean compressed,
            int shift,
            long floatBase) {

        /** {@code o}'s address, less the heap base if any. */
        long address(Object o) {
            Object[] holder = {o};
            try {
                if (compressed) {
                    return (Integer.toUnsignedLong((int) getInt.invokeExact(unsafe, (Object) holder, slot))) << shift;
                }
                return (long) getLong.invokeExact(unsafe, (Object) holder, slot);
            } catch (Throwable e) {
                throw new IllegalStateException("reading a reference through Unsafe", e);
            }
        }

        static Probe find() {
            try {
                Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
                Object unsafe = type.getMethod("getUnsafe").invoke(null);
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                MethodType get = MethodType.methodType(int.class, Object.class, Object.class, long.class);
                MethodHandle getInt = lookup.unreflect(type.getMethod("getInt", Object.class, long.class))
                        .asType(get);
                MethodHandle getLong = lookup.unreflect(type.getMethod("getLong", Object.class, long.class))
                        .asType(get.changeReturnType(long.class));
                long slot = ((Number)
                                type.getMethod("arrayBaseOffset", Class.class).invoke(unsafe, Object[].class))
                        .longValue();
                int scale = ((Number)
                                type.getMethod("arrayIndexScale", Class.class).invoke(unsafe, Object[].class))
                        .intValue();
                long floatBase = ((Number)
                                type.getMethod("arrayBaseOffset", Class.class).invoke(unsafe, float[].class))
                        .longValue();
                boolean compressed = scale == 4;
                int shift = new Probe(unsafe, getInt, getLong, slot, compressed, 0, floatBase).findShift();
                if (shift < 0 || !compressed && shift != 0) {
                    return null; // not addresses: ZGC, for one, keeps metadata in the low bits of its references
                }
                return new Probe(unsafe, getInt, getLong, slot, compressed, shift, floatBase);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // jdk.internal.misc not exported to us: kernels run unaligned
            }
        }

        /**
         * How far references are shifted right from addresses (0 when they are addresses): a {@code long[1000]} takes
         * 8,000 bytes and a header of at most 24, so the reference to an object allocated right after it is larger by
         * that size shifted right. Allocations can straddle a new buffer, so three of five tries must agree; -1 if they
         * do not.
         */
        private int findShift() {
            int[] votes = new int[9];
            for (int attempt = 0; attempt < 5; attempt++) {
                long[] first = new long[1000];
                Object second = new Object();
                long gap = address(second) - address(first);
                for (int s = 0; s < votes.length; s++) {
                    long bytes = gap << s;
                    if (bytes >= 8000 && bytes <= 8000 + 24 + (1L << s)) {
                        votes[s]++;
                    }
                }
            }
            for (int s = 0; s < votes.length; s++) {
                if (votes[s] >= 3) {
                    return s;
                }
            }
            return -1;
        }
    }
}
