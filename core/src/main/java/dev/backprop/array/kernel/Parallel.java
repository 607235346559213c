package dev.backprop.array.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernels' one team of worker threads, sized once to the core count (or the system property {@code
 * backprop.threads}). Work is split into at most one chunk per thread; the calling thread runs the first chunk itself.
 *
 * <p>A training step runs dozens of parallel ops a few tens of microseconds apart, and waking a parked thread costs
 * about that much on a virtual machine: with a {@link java.util.concurrent.ForkJoinPool} a 128x256x128 matrix product
 * took longer on two threads than on one. So, as OpenMP runtimes do, the workers spin for a while after each job before
 * they park ({@code backprop.spinMicros}, default 200). Nested calls, and calls while another thread has the team, run
 * on the calling thread.
 */
public final class Parallel {
    private static final int THREADS = Math.max(
            1, Integer.getInteger("backprop.threads", Runtime.getRuntime().availableProcessors()));
    private static final long SPIN_NANOS = 1000L * Math.max(0, Integer.getInteger("backprop.spinMicros", 200));
    private static final Team TEAM = THREADS > 1 ? new Team(THREADS - 1) : null;

    /** True on team workers, and on a caller while it runs its own chunk. */
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
     * items. The chunks depend only on {@code n}, {@code grain} and the thread count: when the team is busy (another
     * caller, or a nested call) they run one after another on the calling thread, so a body that reduces per chunk
     * gives the same result either way, and a seeded training run repeats.
     */
    public static void forRange(int n, int grain, Range body) {
        int chunks = (int) Math.min(THREADS, n / (long) Math.max(1, grain));
        if (chunks <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        boolean[] inside = INSIDE.get();
        if (inside[0] || !TEAM.busy.compareAndSet(false, true)) {
            for (int c = 0; c < chunks; c++) {
                body.run(start(n, c, chunks), start(n, c + 1, chunks));
            }
            return;
        }
        try {
            TEAM.run(n, chunks, body, inside);
        } finally {
            TEAM.busy.set(false);
        }
    }

    /** Where chunk {@code c} of {@code chunks} over {@code [0, n)} starts. */
    static int start(int n, int c, int chunks) {
        return (int) ((long) n * c / chunks);
    }

    /** One published job: a worker runs its chunk of the latest job it has not run yet. */
    private static final class Job {
        final long generation;
        final Range body;
        final int n;
        final int chunks;
        final AtomicInteger pending;
        volatile RuntimeException failure;

        Job(long generation, Range body, int n, int chunks) {
            this.generation = generation;
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.pending = new AtomicInteger(chunks - 1);
        }

        synchronized void fail(RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
    }

    /** Worker threads that wait for jobs by spinning, then parking; a job is published through a volatile field. */
    private static final class Team {
        final AtomicBoolean busy = new AtomicBoolean();
        private final Thread[] workers;
        private final AtomicIntegerArray parked;
        private volatile Job job = new Job(0, null, 0, 1);

        Team(int size) {
            workers = new Thread[size];
            parked = new AtomicIntegerArray(size);
            for (int i = 0; i < size; i++) {
                int index = i;
                workers[i] = Thread.ofPlatform()
                        .name("backprop-worker-" + (i + 1))
                        .daemon()
                        .unstarted(() -> work(index));
                workers[i].start();
            }
        }

        void run(int n, int chunks, Range body, boolean[] inside) {
            Job current = new Job(job.generation + 1, body, n, chunks);
            job = current; // publishes it
            for (int i = 0; i < chunks - 1; i++) {
                if (parked.get(i) == 1) {
                    LockSupport.unpark(workers[i]);
                }
            }
            RuntimeException own = null;
            inside[0] = true; // nested calls from this chunk run inline, like those from the workers
            try {
                body.run(0, start(n, 1, chunks));
            } catch (RuntimeException e) {
                own = e;
            } finally {
                inside[0] = false;
            }
            for (int spins = 0; current.pending.get() > 0; spins++) {
                if (spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // a worker was descheduled: let it run
                }
            }
            RuntimeException theirs = current.failure;
            if (own != null) {
                if (theirs != null) {
                    own.addSuppressed(theirs);
                }
                throw own;
            }
            if (theirs != null) {
                throw theirs;
            }
        }

        private void work(int index) {
            INSIDE.get()[0] = true;
            long seen = 0;
            while (true) {
                Job current = await(index, seen);
                seen = current.generation;
                int chunk = index + 1;
                if (chunk >= current.chunks) {
                    continue; // not needed for this job
                }
                try {
                    current.body.run(
                            start(current.n, chunk, current.chunks), start(current.n, chunk + 1, current.chunks));
                } catch (RuntimeException e) {
                    current.fail(e);
                } catch (Error e) {
                    current.fail(new IllegalStateException("backprop worker " + (index + 1) + " failed", e));
                } finally {
                    current.pending.decrementAndGet();
                }
            }
        }

        /** The first job after generation {@code seen}: spinning for it first, then parked. */
        private Job await(int index, long seen) {
            long start = System.nanoTime();
            Job current;
            while ((current = job).generation == seen) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked.set(index, 1); // then re-check: the publisher reads this flag after it writes the job
                if (job.generation == seen) {
                    LockSupport.park(this);
                }
                parked.set(index, 0);
            }
            return current;
        }
    }
}
