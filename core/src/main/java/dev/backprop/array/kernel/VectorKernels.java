package dev.backprop.array.kernel;

/**
 * Loads the kernels written on the Vector API, which only link when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}; every caller keeps a portable fallback. {@code -Dbackprop.gemm=scalar} turns them all off.
 */
final class VectorKernels {
    private VectorKernels() {}

    /** Whether the JVM has the Vector API module and it is not turned off. */
    static boolean available() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"scalar".equals(System.getProperty("backprop.gemm"));
    }

    /** A new instance of this package's class {@code simpleName}, or null when the Vector API is not available. */
    static <T> T load(String simpleName, Class<T> type) {
        if (!available()) {
            return null;
        }
        try {
            return type.cast(Class.forName(VectorKernels.class.getPackageName() + "." + simpleName)
                    .getDeclaredConstructor()
                    .newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            System.getLogger("dev.backprop")
                    .log(System.Logger.Level.WARNING, "Vector API kernel " + simpleName + " unavailable", e);
            return null;
        }
    }
}
