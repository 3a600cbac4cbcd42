package org.sigmappg.io.edf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;

/**
 * EDF and BDF files written by another tool, BioSig (Debian bookworm package biosig-tools 2.5.0-1+b1,
 * "save2gdf (BioSig4C++) v3.0.1"), read by our reader; and our writer's files read by BioSig.
 *
 * <p>The resources {@code edf/biosig_tiny.edf} and {@code edf/biosig_tiny.bdf} were made from the
 * hand-written BrainVision recording next to them ({@code tinyv.vhdr}, {@code tinyv.vmrk},
 * {@code tinyv.eeg}: two int16 channels at 100 Hz, 300 samples, ECG = round(1000 sin(2 pi 1.2 i / 100))
 * x 0.005 and PLETH = (-500 + (7 i mod 1000)) x 0.1) with
 * {@code save2gdf -f=EDF tinyv.vhdr biosig_tiny.edf} and {@code save2gdf -f=BDF tinyv.vhdr biosig_tiny.bdf}.
 * BioSig chose 300 records of 0.01 s, scaled each channel to its own data range over digital
 * -32767..32767, labelled both units "uV" (it ignores BrainVision's units), wrote no annotation signal
 * although it marks the files EDF+C, and wrote the start as 12.30.14 for the marker's 12:30:15 (its
 * clock conversion gives 12:30:14.999992, truncated).
 */
class EdfIndependentFilesTest {
    @TempDir
    Path dir;

    private static double ecg(int i) {
        return Math.round(1000 * Math.sin(2 * Math.PI * 1.2 * i / 100)) * 0.005;
    }

    private static double pleth(int i) {
        return (-500 + (7 * i) % 1000) * 0.1;
    }

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (var in = getClass().getResourceAsStream("/edf/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private void check(Recording r, double ecgStep, double plethStep) {
        assertEquals(Instant.parse("2016-11-24T12:30:14Z"), r.start());
        assertEquals(List.of("ECG", "PLETH"), r.channels().stream().map(Channel::name).toList());
        Channel ecg = r.channel("ECG").orElseThrow();
        Channel pleth = r.channel("PLETH").orElseThrow();
        assertEquals(100.0, ecg.fs(), 1e-9);
        assertEquals(300, ecg.length());
        assertEquals(300, pleth.length());
        assertEquals("uV", ecg.unit());
        for (int i = 0; i < 300; i++) {
            assertEquals(ecg(i), ecg.samples()[i], ecgStep, "ECG " + i);
            assertEquals(pleth(i), pleth.samples()[i], plethStep, "PLETH " + i);
        }
    }

    @Test
    void readsBiosigsEdf() throws IOException {
        Path file = resource("biosig_tiny.edf");
        Recording r = new EdfReader().read(file, ReadOptions.DEFAULT);
        // Quantisation of BioSig's rescaling: (5 - -5) / 65534 for ECG, (49.5 - -50) / 65534 for PLETH.
        check(r, 10.0 / 65534, 99.5 / 65534);
        assertEquals("300 of 0.01 s", r.annotations().get("edf.records"));
    }

    @Test
    void readsBiosigsBdf() throws IOException {
        Path file = resource("biosig_tiny.bdf");
        assertTrue(new EdfReader().accepts(file));
        // BioSig's BDF keeps the source's steps (0.005 and 0.1 over digital -32768..32767) but truncates
        // instead of rounding, so some samples sit one step low (digital 413 where tinyv.eeg has 414).
        check(new EdfReader().read(file, ReadOptions.DEFAULT), 0.005 + 1e-6, 0.1 + 1e-5);
    }

    @Test
    void biosigReadsOurWritersFile() throws Exception {
        Path save2gdf = Path.of("/usr/bin/save2gdf");
        assumeTrue(Files.isExecutable(save2gdf), "BioSig's save2gdf is not installed (apt-get install biosig-tools)");
        float[] ppg = new float[250];
        float[] ecg = new float[500];
        for (int i = 0; i < ppg.length; i++) {
            ppg[i] = (float) (100 * Math.sin(i / 10.0));
        }
        for (int i = 0; i < ecg.length; i++) {
            ecg[i] = (float) Math.cos(i / 7.0);
        }
        Path file = dir.resolve("ours.edf");
        EdfWriter.builder().setStart(LocalDateTime.of(2024, 5, 6, 7, 8, 9)).build().write(file,
                List.of(EdfSignal.of(new Channel("PPG", "NU", 125, ppg)), EdfSignal.of(new Channel("ECG", "mV", 250, ecg))));
        Process p = new ProcessBuilder(save2gdf.toString(), "-f=ASCII", file.toString(), dir.resolve("out").toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        List<String> ppgRead = Files.readAllLines(dir.resolve("out.a01"));
        List<String> ecgRead = Files.readAllLines(dir.resolve("out.a02"));
        assertEquals(250, ppgRead.size());
        assertEquals(500, ecgRead.size());
        // BioSig prints 6 significant digits.
        for (int i = 0; i < ppg.length; i++) {
            assertEquals(ppg[i], Double.parseDouble(ppgRead.get(i)), 0.01, "PPG " + i);
        }
        for (int i = 0; i < ecg.length; i++) {
            assertEquals(ecg[i], Double.parseDouble(ecgRead.get(i)), 1e-4, "ECG " + i);
        }
        String header = Files.readString(dir.resolve("out"));
        assertTrue(header.contains("2024-05-06 07:08:0"), header);
    }
}
