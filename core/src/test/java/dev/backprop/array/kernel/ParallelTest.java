package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The worker team: every index exactly once, failures reach the caller, nesting and concurrent callers are safe. */
class ParallelTest {
    private static void assertEachOnce(int n, int grain) {
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        Parallel.forRange(n, grain, (start, end) -> {
            for (int i = start; i < end; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "index " + i + " of " + n + " (grain " + grain + ")");
        }
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int n : new int[] {0, 1, 2, 3, 17, 129, 10_000}) {
            for (int grain : new int[] {1, 2, 100}) {
                assertEachOnce(n, grain);
            }
        }
        for (int round = 0; round < 20_000; round++) { // many jobs in a row, as a training step issues them
            assertEachOnce(64, 1);
        }
    }

    @Test
    void aFailureInAnyChunkReachesTheCallerAndTheTeamGoesOn() {
        for (int failing : new int[] {0, 99}) { // the caller's own chunk, and the last one (a worker's)
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> Parallel.forRange(100, 1, (start, end) -> {
                        if (start <= failing && failing < end) {
                            throw new IllegalStateException("chunk with " + failing);
                        }
                    }));
            assertEquals("chunk with " + failing, e.getMessage());
        }
        assertEachOnce(1000, 1);
    }

    @Test
    void nestedCallsAndConcurrentCallersAreSafe() throws Exception {
        AtomicIntegerArray hits = new AtomicIntegerArray(50 * 40);
        Parallel.forRange(50, 1, (start, end) -> {
            for (int i = start; i < end; i++) {
                int row = i;
                Parallel.forRange(40, 1, (s, e) -> {
                    for (int j = s; j < e; j++) {
                        hits.incrementAndGet(row * 40 + j);
                    }
                });
            }
        });
        for (int i = 0; i < hits.length(); i++) {
            assertEquals(1, hits.get(i), "nested index " + i);
        }
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(callers.submit(() -> {
                    for (int round = 0; round < 2000; round++) {
                        assertEachOnce(33, 1);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
