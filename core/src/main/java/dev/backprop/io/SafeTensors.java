package dev.backprop.io;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format, as PyTorch and Hugging Face write it: an 8-byte little-endian header length, a JSON header
 * mapping each name to {@code dtype}, {@code shape} and {@code data_offsets} (plus optional string
 * {@code __metadata__}), then the raw little-endian data. Only F32 is read and written here.
 */
public final class SafeTensors {
    private static final long MAX_HEADER = 100L << 20;

    /** Tensors by name, in file order, and the string metadata. */
    public record Contents(Map<String, NdArray> tensors, Map<String, String> metadata) {}

    private SafeTensors() {}

    /** The file's bytes for {@code tensors} (in the order given) and {@code metadata}. */
    public static byte[] encode(Map<String, NdArray> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, NdArray> e : tensors.entrySet()) {
            NdArray t = e.getValue();
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape().dims()) {
                shape.add((long) d);
            }
            long end = offset + 4L * t.size();
            header.put(e.getKey(), Map.of("dtype", "F32", "shape", shape, "data_offsets", List.of(offset, end)));
            offset = end;
        }
        byte[] json = Json.write(header).strip().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format aligns the data to 8 bytes with spaces
        ByteBuffer buffer = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(padded);
        buffer.put(json);
        for (int i = json.length; i < padded; i++) {
            buffer.put((byte) ' ');
        }
        for (NdArray t : tensors.values()) {
            buffer.asFloatBuffer().put(t.toArray());
            buffer.position(buffer.position() + 4 * t.size());
        }
        return buffer.array();
    }

    /** Reads a file, naming it in any error about a truncated or corrupt layout. */
    public static Contents read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    @SuppressWarnings("unchecked")
    public static Contents decode(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw corrupt(source, "is truncated: " + bytes.length + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
            throw corrupt(
                    source,
                    "is truncated or corrupt: header length " + headerLength + " but the file has " + bytes.length
                            + " bytes");
        }
        Object parsed;
        try {
            parsed = Json.parse(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw corrupt(source, "has a corrupt header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw corrupt(source, "has a header that is not a JSON object");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - dataStart;
        Map<String, NdArray> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                ((Map<String, Object>) e.getValue()).forEach((k, v) -> metadata.put(k, String.valueOf(v)));
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)
                    || !(info.get("shape") instanceof List<?> shapeList)
                    || !(info.get("data_offsets") instanceof List<?> offsets)
                    || offsets.size() != 2) {
                throw corrupt(source, "has a malformed entry for tensor '" + name + "'");
            }
            if (!"F32".equals(info.get("dtype"))) {
                throw corrupt(
                        source, "holds tensor '" + name + "' as " + info.get("dtype") + "; only F32 is supported");
            }
            int[] dims =
                    shapeList.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
            long begin = ((Number) offsets.get(0)).longValue(), end = ((Number) offsets.get(1)).longValue();
            Shape shape = Shape.of(dims);
            if (begin < 0 || end < begin || end - begin != 4L * shape.size()) {
                throw corrupt(
                        source,
                        "has offsets [" + begin + ", " + end + ") that do not fit tensor '" + name + "' of shape "
                                + shape);
            }
            if (end > dataLength) {
                throw corrupt(
                        source,
                        "is truncated: tensor '" + name + "' ends at byte " + end + " of the data, which" + " has only "
                                + dataLength);
            }
            float[] values = new float[shape.size()];
            ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(values);
            tensors.put(name, NdArray.wrap(values, shape));
        }
        return new Contents(tensors, metadata);
    }

    private static IllegalArgumentException corrupt(String source, String what) {
        return new IllegalArgumentException("safetensors file " + source + " " + what);
    }
}
