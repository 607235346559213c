package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CacheLines} against what the JVM's allocator must do: arrays allocated one after the other sit one after the
 * other, so their addresses differ by the first one's size. Checked here and, in JVMs of their own, with uncompressed
 * references, with 16-byte object alignment (a different shift), and without {@code jdk.internal.misc} or under ZGC,
 * whose references are not addresses (the fallback).
 */
class CacheLinesTest {

    @Test
    void knowsWhereArraysAreUnderTheTestJvmsFlags() {
        assertTrue(CacheLines.known()); // the tests run with jdk.internal.misc exported, as the launcher does
        assertEquals("", Check.run());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:-UseCompressedOops", "-XX:ObjectAlignmentInBytes=16", "-Xmx64m"})
    void knowsWhereArraysAreWithOtherReferenceLayouts(String flag) throws Exception {
        String output = child(flag, "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");
        assertTrue(output.endsWith("known\n"), flag + ": " + output);
    }

    @Test
    void withoutTheExportEveryArrayStartsWhereItIs() throws Exception {
        String output = child();
        assertTrue(output.endsWith("unknown\n"), output);
    }

    @Test
    void underZgcWhoseReferencesAreNotAddressesToo() throws Exception {
        String output = child("-XX:+UseZGC", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");
        assertTrue(output.endsWith("unknown\n"), output);
    }

    private static String child(String... flags) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Check.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    /** The checks, runnable in a child JVM: prints "known" or "unknown" last, or exits with 1 on a wrong answer. */
    static final class Check {
        public static void main(String[] args) {
            String problems = run();
            if (!problems.isEmpty()) {
                System.out.println(problems);
                System.exit(1);
            }
            System.out.println(CacheLines.known() ? "known" : "unknown");
        }

        /** What is wrong, or "" if nothing. */
        static String run() {
            if (!CacheLines.known()) {
                float[] a = new float[100];
                return CacheLines.skip(a) == 0 && CacheLines.address(a) == -1 ? "" : "skips without knowing";
            }
            StringBuilder problems = new StringBuilder();
            long base = CacheLines.floatBase();
            for (int n : new int[] {0, 1, 16, 100, 1000}) {
                long size = (base + 4L * n + 7) / 8 * 8, lastGap = 0; // objects are aligned to 8 bytes or more
                int agree = 0;
                for (int attempt = 0; attempt < 5; attempt++) { // a new allocation buffer can start in between
                    float[] first = new float[n];
                    float[] second = new float[1];
                    long gap = CacheLines.address(second) - CacheLines.address(first);
                    if (gap >= size && gap < size + 256 && (gap - size) % 8 == 0) {
                        agree++;
                    }
                    lastGap = gap;
                }
                if (agree < 3) {
                    problems.append("float[")
                            .append(n)
                            .append("] then float[1]: gap ")
                            .append(lastGap)
                            .append(", expected ")
                            .append(size)
                            .append(" (rounded up to the object alignment)\n");
                }
            }
            Set<Integer> skips = new TreeSet<>();
            for (int n = 1; n <= 64; n++) {
                float[] array = new float[n + CacheLines.FLOATS];
                int skip = CacheLines.skip(array);
                skips.add(skip);
                if (skip < 0 || skip >= CacheLines.FLOATS || (CacheLines.address(array) + base + 4L * skip) % 64 != 0) {
                    problems.append("float[")
                            .append(array.length)
                            .append("]: skip ")
                            .append(skip)
                            .append(" is not on a cache line\n");
                }
            }
            if (skips.size() < 2) { // arrays of 64 different sizes cannot all start at the same place in a line
                problems.append("every array skips ").append(skips).append('\n');
            }
            return problems.toString();
        }
    }
}
