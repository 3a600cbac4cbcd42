package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadException;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;

/** The other channels of an imported record, read again from its file only while the file holds the imported PPG. */
class SourceChannelsTest {
    @TempDir
    Path tmp;

    /** A CSV with a time column, an ECG-like, a PPG and a respiration column at 100 Hz. */
    private static Path recording(Path file, double seconds) throws IOException {
        StringBuilder sb = new StringBuilder("time,ECG,PLETH,RESP\n");
        for (int i = 0; i < Math.round(100 * seconds); i++) {
            double t = i / 100.0;
            double phase = (t * 1.2) % 1.0;
            sb.append(String.format(Locale.ROOT, "%.2f,%.4f,%.4f,%.4f%n", t, phase < 0.05 ? 1.0 : 0.0,
                    Math.exp(-Math.pow((phase - 0.2) / 0.08, 2)), Math.sin(2 * Math.PI * 0.25 * t)));
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private record Imported(DatasetInfo dataset, RecordInfo record, float[] ppg) {
    }

    private Imported importOne(Path src) throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(src, "d")).run(ProgressMonitor.NONE);
        Catalogue c = new Catalogue(ws);
        DatasetInfo d = c.requireDataset("d");
        RecordInfo r = c.records(d.id()).get(0);
        return new Imported(d, r, c.openCache(d).signal(r.rawSignalFile()));
    }

    @Test
    void theFilesOtherChannelsAreReadAgainBesideTheImportedPpg() throws IOException {
        Path file = recording(tmp.resolve("src/bed1.csv"), 40);
        Imported i = importOne(tmp.resolve("src"));
        assertEquals("PLETH", i.record().channel());
        List<Channel> others = SourceChannels.read(i.dataset(), i.record(), i.ppg());
        assertEquals(List.of("ECG", "RESP"), others.stream().map(Channel::name).toList());
        Channel resp = others.get(1);
        assertEquals(100, resp.fs(), 1e-9);
        assertEquals(4000, resp.length());
        // Row 101 of the file: t = 1.00 s, resp = sin(2 pi 0.25) = 1.
        assertEquals(1.0, resp.samples()[100], 1e-4);
        assertTrue(Files.exists(file));
    }

    @Test
    void aFileThatChangedOrWentAwayIsNotReadAsIfItWereTheSame() throws IOException {
        Path file = recording(tmp.resolve("src/bed1.csv"), 40);
        Imported i = importOne(tmp.resolve("src"));
        recording(file, 30);
        ReadException changed = assertThrows(ReadException.class, () -> SourceChannels.read(i.dataset(), i.record(), i.ppg()));
        assertEquals(file, changed.file());
        assertTrue(changed.problem().startsWith("the file has changed since the import (its PLETH channel differs"), changed.problem());
        Files.delete(file);
        ReadException gone = assertThrows(ReadException.class, () -> SourceChannels.read(i.dataset(), i.record(), i.ppg()));
        assertTrue(gone.problem().startsWith("the record's file is no longer there"), gone.problem());
    }
}
