package dev.backprop.array.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The one worker pool of the kernels, sized once to the core count (or the system property {@code backprop.threads}).
 * Work is split into at most one chunk per thread; the calling thread runs the first chunk itself.
 */
public final class Parallel {
    private static final int THREADS = Math.max(
            1, Integer.getInteger("backprop.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = new ForkJoinPool(
            THREADS,
            pool -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName("backprop-worker-" + thread.getPoolIndex());
                thread.setDaemon(true);
                return thread;
            },
            null,
            false);

    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    /** A half-open range of work, {@code [start, end)}. */
    @FunctionalInterface
    public interface Range {
        void run(int start, int end);
    }

    private Parallel() {}

    /** How many threads the kernels use. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split across threads when each chunk would get at least {@code grain}
     * items. Nested calls from a worker run on the calling thread.
     */
    public static void forRange(int n, int grain, Range body) {
        int chunks = (int) Math.min(THREADS, n / (long) Math.max(1, grain));
        if (chunks <= 1 || isWorker() || INSIDE.get()[0]) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        java.util.List<ForkJoinTask<?>> tasks = new java.util.ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int start = (int) ((long) n * c / chunks);
            int end = (int) ((long) n * (c + 1) / chunks);
            tasks.add(POOL.submit(() -> body.run(start, end), null));
        }
        RuntimeException failure = null;
        boolean[] inside = INSIDE.get();
        inside[0] = true; // nested calls from this chunk run inline, like those from the workers
        try {
            body.run(0, (int) ((long) n / chunks));
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            inside[0] = false;
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static boolean isWorker() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread worker && worker.getPool() == POOL;
    }
}
