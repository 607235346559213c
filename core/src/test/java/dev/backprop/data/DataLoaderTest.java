package dev.backprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backprop.array.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    static final ArrayDataset DATA = new ArrayDataset(NdArray.arange(20).reshape(10, 2), NdArray.arange(10));

    static List<Float> firstColumnOrder(DataLoader loader) {
        List<Float> order = new ArrayList<>();
        for (Batch b : loader) {
            for (float v : b.targets().toArray()) {
                order.add(v);
            }
        }
        return order;
    }

    @Test
    void everyExampleOncePerEpochInSeededOrder() {
        DataLoader loader = new DataLoader(DATA, 4, true, new SplittableRandom(3));
        assertEquals(3, loader.batches());
        List<Float> epoch1 = firstColumnOrder(loader), epoch2 = firstColumnOrder(loader);
        assertEquals(10, new TreeSet<>(epoch1).size());
        assertNotEquals(epoch1, epoch2); // a new permutation each epoch
        assertEquals(epoch1, firstColumnOrder(new DataLoader(DATA, 4, true, new SplittableRandom(3))));
        for (Batch b : new DataLoader(DATA, 4, true, new SplittableRandom(3))) {
            float[] x = b.features().toArray(), y = b.targets().toArray();
            for (int i = 0; i < y.length; i++) {
                assertEquals(2 * y[i], x[2 * i]); // features stay with their targets
            }
        }
    }

    @Test
    void unshuffledAndDropLast() {
        assertEquals(
                List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f),
                firstColumnOrder(new DataLoader(DATA, 3, false, null)));
        assertEquals(3, new DataLoader(DATA, 3, false, null, true).batches());
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(DATA, 0, false, null));
        assertThrows(IllegalArgumentException.class, () -> new ArrayDataset(NdArray.zeros(3, 2), NdArray.zeros(4)));
    }
}
