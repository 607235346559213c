package dev.backprop.io;

import dev.backprop.array.NdArray;
import dev.backprop.nn.Layer;
import dev.backprop.nn.Layers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A saved model is a folder: {@code model.safetensors} (the state dict, PyTorch names) and {@code config.json} (format,
 * version, the architecture from {@link Layer#config()}, and free-form metadata such as the application and class
 * names). Saving writes a temporary folder and renames it into place, so a crash never leaves a half-written model.
 *
 * {@snippet :
 * ModelFile.save(Path.of("runs/mnist/model"), model, Map.of("application", "image"));
 * ModelFile.Loaded loaded = ModelFile.load(Path.of("runs/mnist/model"));
 * }
 */
public final class ModelFile {
    public static final String FORMAT = "backprop-model";
    public static final int VERSION = 1;
    public static final String WEIGHTS = "model.safetensors";
    public static final String CONFIG = "config.json";

    /** A loaded model with the metadata it was saved with. */
    public record Loaded(Layer model, Map<String, Object> metadata) {}

    private ModelFile() {}

    /** Saves {@code model} into folder {@code dir}, replacing what was there only once the new files are complete. */
    public static void save(Path dir, Layer model, Map<String, Object> metadata) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("format", FORMAT);
        config.put("version", VERSION);
        config.put("architecture", model.config());
        config.put("metadata", metadata);
        byte[] weights = SafeTensors.encode(Layers.stateDict(model), Map.of("format", "pt"));
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".partial-");
        try {
            AtomicFiles.readableByAll(temp, true);
            Files.write(temp.resolve(WEIGHTS), weights);
            Files.writeString(temp.resolve(CONFIG), Json.write(config), StandardCharsets.UTF_8);
            replace(temp, dir);
        } finally {
            deleteTree(temp);
        }
    }

    private static void replace(Path fresh, Path dir) throws IOException {
        Path old = null;
        if (Files.exists(dir)) {
            old = dir.resolveSibling("." + dir.getFileName() + ".old-" + System.nanoTime());
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            if (old != null) {
                Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE); // put the previous model back
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Loads a model folder, refusing anything that is not a complete Backprop model of a known version. */
    @SuppressWarnings("unchecked")
    public static Loaded load(Path dir) throws IOException {
        Path configFile = dir.resolve(CONFIG), weightsFile = dir.resolve(WEIGHTS);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no model folder here");
        }
        if (!Files.isRegularFile(configFile) || !Files.isRegularFile(weightsFile)) {
            throw new IllegalArgumentException("model folder " + dir + " is incomplete: it needs both " + CONFIG
                    + " and " + WEIGHTS + " (was it written by Backprop, and completely?)");
        }
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(configFile, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + " is corrupt: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> config) || !FORMAT.equals(config.get("format"))) {
            throw new IllegalArgumentException(
                    configFile + " is not a Backprop model config (no \"format\": \"" + FORMAT + "\")");
        }
        if (!(config.get("version") instanceof Number v) || v.intValue() != VERSION) {
            throw new IllegalArgumentException(configFile + " has format version " + config.get("version")
                    + "; this Backprop reads version " + VERSION);
        }
        Layer model = Layers.fromConfig((Map<String, Object>) config.get("architecture"));
        Map<String, NdArray> state = SafeTensors.read(weightsFile).tensors();
        Layers.loadStateDict(model, state);
        Object metadata = config.get("metadata");
        return new Loaded(model, metadata instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
