package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.run.Workspace;

/**
 * A whole day at 125 Hz (10.8 million samples), as a CSV of a millisecond timer and as WFDB format 16,
 * imports through the command line in a JVM limited to 512 MB of heap.
 */
class LongRecordingTest {
    private static final int FS = 125;
    private static final int SAMPLES = FS * 86_400;

    @TempDir
    Path tmp;

    @Test
    void aDayOfCsvImportsIn512Megabytes() throws Exception {
        Path file = tmp.resolve("src/day.csv");
        Files.createDirectories(file.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("timer,ppg\n");
            for (int i = 0; i < SAMPLES; i++) {
                w.write(Long.toString(i * 8L));
                w.write(',');
                w.write(Integer.toString(digital(i)));
                w.write('\n');
            }
        }
        importDay(file.getParent());
    }

    @Test
    void aDayOfWfdbImportsIn512Megabytes() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        int checksum = 0;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve("day.dat")), 1 << 16)) {
            ByteBuffer b = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < SAMPLES; i++) {
                short v = (short) digital(i);
                checksum = (short) (checksum + v);
                out.write(b.clear().putShort(v).array());
            }
        }
        Recordings.write(dir.resolve("day.hea"), String.format(Locale.ROOT, "day 1 %d %d%nday.dat 16 1000/mV 16 0 %d %d 0 PLETH%n",
                FS, SAMPLES, digital(0), checksum));
        importDay(dir);
    }

    private static int digital(int i) {
        return (int) Math.round(1000 * Recordings.pulse(i / (double) FS));
    }

    private void importDay(Path src) throws Exception {
        Path ws = tmp.resolve("ws");
        ChildJvm.Finished f = ChildJvm.start(tmp.resolve("logs"), List.of("-Xmx512m"), "import", src.toString(), "--name", "day",
                "--workspace", ws.toString(), "--json").await(300);
        assertEquals(0, f.code(), f.err());
        Catalogue catalogue = new Catalogue(Workspace.open(ws));
        DatasetInfo d = catalogue.requireDataset("day");
        RecordInfo r = catalogue.records(d.id()).get(0);
        assertEquals(86_400.0, r.durationSeconds(), 1e-6);
        assertEquals(360, d.windows(), "a day in 240 s windows");
        Cli.assertWhole(ws);
        Figures.report(String.format(Locale.ROOT, "a 24 h recording at 125 Hz (%s) imported with -Xmx512m in %.1f s",
                r.format(), f.seconds()));
    }
}
