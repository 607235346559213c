package dev.backprop.apps.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Debian's Fashion-MNIST through the real loader: checksums, shapes, class balance. CI installs the package
 * ({@code .ci/run}); on a machine without it this test reports itself skipped with the install command.
 */
class RealDataTest {
    @Test
    void debianFashionMnistLoadsAndVerifies() throws Exception {
        Path dir = DatasetFetcher.DEBIAN_FASHION;
        assumeTrue(Files.isDirectory(dir), "needs: apt-get install dataset-fashion-mnist");
        assertEquals(java.util.List.of(), DatasetFetcher.verify(ImageDataset.FASHION_MNIST, dir));
        ImageData.Splits splits = ImageData.load(dir, 0);
        assertEquals(60_000, splits.train().size());
        assertEquals(10_000, splits.test().size());
        assertEquals(28, splits.height());
        assertEquals(10, splits.classes());
        int[] counts = new int[10];
        for (float label : splits.train().targets().toArray()) {
            counts[(int) label]++;
        }
        for (int c : counts) {
            assertEquals(6000, c);
        }
        float max = splits.train().features().max().item(),
                min = splits.train().features().min().item();
        assertTrue(min == 0f && max == 1f, min + " .. " + max);
    }
}
