package dev.backprop.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * Batches of a dataset, shuffled each epoch by a seeded generator, with the next batch prepared on a background
 * thread while the current one trains. Each call to {@link #iterator()} is one epoch.
 *
 * {@snippet :
 * DataLoader loader = new DataLoader(train, 128, true, new SplittableRandom(42));
 * for (Batch batch : loader) { ... }
 * }
 */
public final class DataLoader implements Iterable<Batch> {
    private static final ExecutorService PREFETCH = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backprop-prefetch");
        t.setDaemon(true);
        return t;
    });

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final RandomGenerator rng;
    private final boolean dropLast;

    /** Shuffles with {@code rng} when {@code shuffle}; keeps a final short batch. */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, RandomGenerator rng) {
        this(dataset, batchSize, shuffle, rng, false);
    }

    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, RandomGenerator rng, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batch size must be >= 1, got " + batchSize);
        }
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("DataLoader: the dataset is empty");
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.rng = rng;
        this.dropLast = dropLast;
    }

    /** Batches per epoch. */
    public int batches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public Dataset dataset() {
        return dataset;
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = new int[dataset.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) { // Fisher-Yates
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int count = batches();
        return new Iterator<>() {
            private int next;
            private CompletableFuture<Batch> pending = count > 0 ? load(0) : null;

            private CompletableFuture<Batch> load(int b) {
                int from = b * batchSize, to = Math.min(order.length, from + batchSize);
                int[] indices = java.util.Arrays.copyOfRange(order, from, to);
                return CompletableFuture.supplyAsync(() -> dataset.batch(indices), PREFETCH);
            }

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Batch batch = pending.join();
                next++;
                pending = next < count ? load(next) : null; // prepare the following batch while this one trains
                return batch;
            }
        };
    }
}
