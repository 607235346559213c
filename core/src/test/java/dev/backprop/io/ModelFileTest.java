package dev.backprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.array.NdArray;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Dense;
import dev.backprop.nn.Layers;
import dev.backprop.nn.Sequential;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @Test
    void jsonRoundTrip() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "a \"quoted\"\nline");
        value.put("list", List.of(1L, 2.5, "x"));
        value.put("nested", Map.of("flag", true, "none", Map.of()));
        value.put("null", null);
        Object parsed = Json.parse(Json.write(value));
        assertEquals(value.get("name"), ((Map<?, ?>) parsed).get("name"));
        assertEquals(value.get("list"), ((Map<?, ?>) parsed).get("list"));
        assertEquals(Map.of("flag", true, "none", Map.of()), ((Map<?, ?>) parsed).get("nested"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": [1, 2}"));
        assertTrue(e.getMessage().contains("character"), e.getMessage());
    }

    @Test
    void safeTensorsLayoutMatchesTheSpecification() {
        Map<String, NdArray> tensors = new LinkedHashMap<>();
        tensors.put("w", NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("b", NdArray.of(new float[] {-1.5f}));
        byte[] bytes = SafeTensors.encode(tensors, Map.of("format", "pt"));
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        assertEquals(0, headerLength % 8);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"dtype\": \"F32\"") && header.contains("\"data_offsets\": [0, 24]"), header);
        assertEquals(1f, buffer.getFloat(8 + (int) headerLength)); // data follows, little-endian
        SafeTensors.Contents back = SafeTensors.decode(bytes, "memory");
        assertArrayEquals(tensors.get("w").toArray(), back.tensors().get("w").toArray());
        assertEquals(tensors.get("w").shape(), back.tensors().get("w").shape());
        assertEquals("pt", back.metadata().get("format"));
    }

    @Test
    void brokenSafeTensorsFilesAreReportedAsSuch() {
        byte[] good = SafeTensors.encode(Map.of("w", NdArray.ones(10)), Map.of());
        IllegalArgumentException truncated = assertThrows(
                IllegalArgumentException.class, () -> SafeTensors.decode(Arrays.copyOf(good, good.length - 4), "f.st"));
        assertTrue(
                truncated.getMessage().contains("f.st")
                        && truncated.getMessage().contains("truncated"),
                truncated.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.decode(new byte[5], "tiny"));
        byte[] corrupt = good.clone();
        corrupt[9] = '!';
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.decode(corrupt, "c"));
        assertTrue(bad.getMessage().contains("corrupt"), bad.getMessage());
        byte[] hugeHeader = good.clone();
        ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.decode(hugeHeader, "h"));
    }

    static Sequential model(int hidden) {
        SplittableRandom rng = new SplittableRandom(1);
        return new Sequential(new Dense(3, hidden, rng), Activation.relu(), new Dense(hidden, 2, rng));
    }

    @Test
    void mismatchedArchitectureNamesTheTensorAndBothShapes(@TempDir Path dir) throws Exception {
        ModelFile.save(dir.resolve("m"), model(4), Map.of());
        Map<String, NdArray> saved =
                SafeTensors.read(dir.resolve("m").resolve(ModelFile.WEIGHTS)).tensors();
        Sequential other = model(5);
        float before = other.layers().get(0).parameters().get(0).value().get(0, 0);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Layers.loadStateDict(other, saved));
        assertEquals(
                "load: tensor '0.weight' has shape [3, 4] in the saved state but [3, 5] in the model", e.getMessage());
        assertEquals(before, other.layers().get(0).parameters().get(0).value().get(0, 0)); // nothing half-loaded
    }

    @Test
    void saveReplacesAtomicallyAndLoadRefusesForeignOrPartialFolders(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model");
        ModelFile.save(target, model(4), Map.of("run", 1));
        ModelFile.save(target, model(4), Map.of("run", 2));
        assertEquals(2L, ModelFile.load(target).metadata().get("run"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList()); // no temporary or old folders left behind
        }
        Path partial = dir.resolve("partial");
        Files.createDirectories(partial);
        Files.writeString(partial.resolve(ModelFile.CONFIG), "{}");
        IllegalArgumentException incomplete =
                assertThrows(IllegalArgumentException.class, () -> ModelFile.load(partial));
        assertTrue(incomplete.getMessage().contains("incomplete"), incomplete.getMessage());
        Files.write(partial.resolve(ModelFile.WEIGHTS), new byte[0]);
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(partial));
        assertTrue(foreign.getMessage().contains("not a Backprop model"), foreign.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ModelFile.load(dir.resolve("missing")));
    }
}
