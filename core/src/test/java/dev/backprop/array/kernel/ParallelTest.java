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
    void theChunksAreTheSameOnTheTeamAndInline() {
        for (int n : new int[] {2, 7, 129, 10_000}) {
            java.util.Set<String> onTeam = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Parallel.forRange(n, 1, (start, end) -> onTeam.add(start + "-" + end));
            java.util.Set<String> nested = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Parallel.forRange(2, 1, (s, e) -> { // a nested call runs its chunks on the calling thread
                if (s == 0) {
                    Parallel.forRange(n, 1, (start, end) -> nested.add(start + "-" + end));
                }
            });
            assertEquals(onTeam, nested, "n = " + n);
            assertEquals(Math.min(Parallel.threads(), n), onTeam.size());
        }
    }

    @Test
    void aConvolutionsWeightGradientIsTheSameOnTheTeamAndInline() {
        ConvGeometry g = new ConvGeometry(16, 2, 12, 12, 3, 3, 1, 1, 0, 0, 1, 1);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        float[] x = new float[16 * 2 * 144], w = new float[4 * 18], gradOut = new float[16 * 4 * 100];
        for (float[] a : new float[][] {x, w, gradOut}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
        }
        float[] onTeam = new float[w.length], bias = new float[4];
        Convolution.backward(g, 4, 1, gradOut, x, w, null, false, null, null, null, null, onTeam, bias);
        float[] inline = new float[w.length], inlineBias = new float[4];
        Parallel.forRange(2, 1, (s, e) -> {
            if (s == 0) {
                Convolution.backward(g, 4, 1, gradOut, x, w, null, false, null, null, null, null, inline, inlineBias);
            }
        });
        org.junit.jupiter.api.Assertions.assertArrayEquals(onTeam, inline, 0f, "bit for bit");
        org.junit.jupiter.api.Assertions.assertArrayEquals(bias, inlineBias, 0f);
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
