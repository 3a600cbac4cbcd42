package org.sigmappg.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text reader streams: a file of N rows of a millisecond timer and one value is read in a child JVM
 * whose heap is far smaller than the file held as strings would need. The default size is a tenth of a
 * day at 125 Hz; the full day (10.8 M rows, 512 MB heap) runs with -Dsigmappg.fullsize=true. A file of one
 * row of a million values (a PPG-BP-like segment file four hundred times longer) is read in a heap in
 * which an object per column would not fit.
 */
class LargeTextFileTest {
    @TempDir
    Path dir;

    @Test
    void aTenthOfADayAt125HzReadsIn64Megabytes() throws Exception {
        assertEquals("samples=1080000 fs=125.0", readInChildJvm(1_080_000, "64m"));
    }

    @Test
    @EnabledIfSystemProperty(named = "sigmappg.fullsize", matches = "true")
    void aWholeDayAt125HzReadsIn512Megabytes() throws Exception {
        assertEquals("samples=10800000 fs=125.0", readInChildJvm(10_800_000, "512m"));
    }

    @Test
    void oneRowOfAMillionValuesReadsIn48Megabytes() throws Exception {
        Path file = dir.resolve("row.txt");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 1_000_000; i++) {
                w.write(i == 0 ? "" : "\t");
                w.write(Integer.toString(i % 10));
            }
            w.write('\n');
        }
        assertEquals("samples=1000000 fs=1000.0", readInChildJvm(file, "48m", "1000"));
    }

    private String readInChildJvm(int rows, String heap) throws Exception {
        Path file = dir.resolve("day.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("timer,ppg\n");
            for (int i = 0; i < rows; i++) {
                w.write(Long.toString(i * 8L));
                w.write(',');
                w.write(Integer.toString(2000 + (i * 37) % 1000));
                w.write('\n');
            }
        }
        return readInChildJvm(file, heap);
    }

    private String readInChildJvm(Path file, String heap, String... fs) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classpath = Path.of(DelimitedTextReader.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(ReadInSmallHeap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + heap, "-cp", classpath,
                ReadInSmallHeap.class.getName(), file.toString()));
        command.addAll(List.of(fs));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), output);
        return output;
    }
}
