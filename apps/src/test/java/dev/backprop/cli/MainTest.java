package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    static String captureOut(Runnable body) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpAndVersionWork() {
        String help = captureOut(() -> assertEquals(0, Main.run("--help")));
        assertTrue(help.contains("Usage: backprop"), help);
        String version = captureOut(() -> assertEquals(0, Main.run("--version")));
        assertTrue(version.startsWith("backprop "), version);
    }
}
