package dev.backprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    static final byte[] IMAGES =
            Idx.encode(new int[] {2, 2, 3}, new byte[] {0, 1, 2, 3, 4, 5, (byte) 250, 7, 8, 9, 10, 11});

    static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void readsRawAndGzip(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("raw"), IMAGES);
        Files.write(dir.resolve("raw.gz"), gzip(IMAGES));
        for (String name : new String[] {"raw", "raw.gz"}) {
            Idx.Contents c = Idx.read(dir.resolve(name));
            assertArrayEquals(new int[] {2, 2, 3}, c.dims());
            assertTrue((c.data()[6] & 0xff) == 250);
        }
    }

    static String error(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> Idx.read(file))
                .getMessage();
    }

    @Test
    void brokenFilesNameTheFileAndTheProblem(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, Arrays.copyOf(IMAGES, IMAGES.length - 3));
        String m = error(truncated);
        assertTrue(m.contains(truncated.toString()) && m.contains("truncated") && m.contains("[2, 2, 3]"), m);

        Path magic = dir.resolve("magic");
        byte[] wrong = IMAGES.clone();
        wrong[0] = 0x42;
        Files.write(magic, wrong);
        assertTrue(error(magic).contains("wrong magic number 0x42000803"), error(magic));

        Path type = dir.resolve("type");
        byte[] ints = IMAGES.clone();
        ints[2] = 0x0c;
        Files.write(type, ints);
        assertTrue(error(type).contains("0x0c"), error(type));

        Path longer = dir.resolve("longer");
        Files.write(longer, Arrays.copyOf(IMAGES, IMAGES.length + 5));
        assertTrue(error(longer).contains("too long"), error(longer));

        Path header = dir.resolve("header");
        Files.write(header, new byte[] {0, 0, 8, 3, 0, 0});
        assertTrue(error(header).contains("declares 3 dimensions"), error(header));

        Path badGzip = dir.resolve("bad.gz");
        byte[] gz = gzip(IMAGES);
        Files.write(badGzip, Arrays.copyOf(gz, gz.length / 2));
        assertTrue(error(badGzip).contains("gzip"), error(badGzip));

        assertThrows(java.nio.file.NoSuchFileException.class, () -> Idx.read(dir.resolve("absent")));
    }
}
