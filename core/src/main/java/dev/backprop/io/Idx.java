package dev.backprop.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX format of MNIST and its family (LeCun et al.): a 4-byte magic {@code 0x00 0x00 type rank}, then
 * {@code rank} big-endian 32-bit dimensions, then the data. Gzip-compressed files are recognised by their own magic.
 * Only unsigned bytes (type {@code 0x08}) are read, which is what every MNIST-style file holds.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;

    /** The dimensions and the raw unsigned bytes of one IDX file. */
    public record Contents(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    private Idx() {}

    /** Reads {@code file} (raw or gzip), checking the magic number and that the size matches the header exactly. */
    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            bytes = gunzip(bytes, file);
        }
        return parse(bytes, file.toString());
    }

    /** Parses the bytes of an uncompressed IDX file; {@code source} names it in errors. */
    public static Contents parse(byte[] bytes, String source) {
        if (bytes.length < 4) {
            throw new IllegalArgumentException("IDX file " + source + " is truncated: " + bytes.length
                    + " bytes, shorter than the 4-byte magic number");
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new IllegalArgumentException(String.format(
                    "IDX file %s has a wrong magic number 0x%02x%02x%02x%02x: it must start with two zero bytes (is it an"
                            + " IDX file?)",
                    source, bytes[0], bytes[1], bytes[2], bytes[3]));
        }
        int type = bytes[2] & 0xff, rank = bytes[3] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new IllegalArgumentException(String.format(
                    "IDX file %s holds data type 0x%02x; only unsigned bytes (0x08), as in MNIST, are supported",
                    source, type));
        }
        if (rank < 1 || bytes.length < 4 + 4 * rank) {
            throw new IllegalArgumentException("IDX file " + source + " is truncated or corrupt: its header declares "
                    + rank + " dimensions but the file has " + bytes.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 4, 4 * rank); // IDX is big-endian, ByteBuffer's default
        int[] dims = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = header.getInt();
            if (dims[i] < 0) {
                throw new IllegalArgumentException("IDX file " + source + " has a negative dimension " + dims[i]);
            }
            expected *= dims[i];
        }
        long actual = bytes.length - 4L - 4L * rank;
        if (actual != expected) {
            throw new IllegalArgumentException(
                    "IDX file " + source + (actual < expected ? " is truncated" : " is too long")
                            + ": the header " + Arrays.toString(dims) + " promises " + expected
                            + " bytes of data but there are "
                            + actual);
        }
        return new Contents(dims, Arrays.copyOfRange(bytes, 4 + 4 * rank, bytes.length));
    }

    private static byte[] gunzip(byte[] bytes, Path file) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException(
                    "IDX file " + file + " is a corrupt or truncated gzip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of an IDX file of unsigned bytes with the given dimensions (for tests and tools). */
    public static byte[] encode(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) UNSIGNED_BYTE).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }
}
