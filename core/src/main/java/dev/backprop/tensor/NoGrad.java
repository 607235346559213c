package dev.backprop.tensor;

/**
 * A scope in which no graph is recorded, for inference and evaluation. Scopes nest and are per thread.
 *
 * {@snippet :
 * try (NoGrad scope = NoGrad.enter()) {
 *     Tensor prediction = model.forward(x, Phase.EVAL);
 * }
 * }
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final int[] depth;
    private boolean closed;

    private NoGrad(int[] depth) {
        this.depth = depth;
    }

    /** Enters a scope; close it (try-with-resources) on the same thread. */
    public static NoGrad enter() {
        int[] depth = DEPTH.get();
        depth[0]++;
        return new NoGrad(depth);
    }

    /** True inside a scope on this thread. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            depth[0]--;
        }
    }
}
