package dev.backprop.array;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

/**
 * Float arrays that a kernel is about to overwrite in full, allocated without the JVM's zeroing where the JVM allows
 * it. Zeroing a fresh multi-megabyte array is a pass over memory that is not in cache: 0.25 ms of the 1 ms that
 * allocating and writing a 4 MB array takes here, and a training step allocates several. The JDK's own {@code
 * jdk.internal.misc.Unsafe.allocateUninitializedArray} skips it (as {@code StringBuilder} and Netty use it); it is
 * reachable when the JVM runs with {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, as the {@code
 * backprop} launcher starts it, and otherwise this falls back to {@code new float[n]}.
 *
 * <p>With {@code -Dbackprop.poison=true} (the test suite's setting) every such array starts full of NaN instead, so a
 * kernel that leaves an element unwritten fails its tests rather than leaking stale memory into a result.
 */
final class Uninitialized {
    /** Below this many elements the TLAB's zeroing is cheap and the plain allocation is used. */
    private static final int THRESHOLD = 1 << 14;

    private static final boolean POISON = Boolean.getBoolean("backprop.poison");
    private static final MethodHandle ALLOCATE = find();

    private Uninitialized() {}

    /** An array of {@code n} floats whose contents are unspecified. */
    static float[] floats(int n) {
        if (POISON) {
            float[] a = new float[n];
            Arrays.fill(a, Float.NaN);
            return a;
        }
        if (ALLOCATE == null || n < THRESHOLD) {
            return new float[n];
        }
        try {
            return (float[]) (Object) ALLOCATE.invokeExact((Class<?>) float.class, n);
        } catch (Throwable e) {
            throw new IllegalStateException("allocating " + n + " floats", e);
        }
    }

    /** Whether allocation skips the zeroing (the JVM exports {@code jdk.internal.misc} to us). */
    static boolean available() {
        return ALLOCATE != null;
    }

    private static MethodHandle find() {
        try {
            Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe");
            Object instance = unsafe.getMethod("getUnsafe").invoke(null);
            return MethodHandles.lookup()
                    .unreflect(unsafe.getMethod("allocateUninitializedArray", Class.class, int.class))
                    .bindTo(instance);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not exported to this module: plain allocation
        }
    }
}
