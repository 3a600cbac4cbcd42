package org.sigmappg.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sigmappg.SharedData;
import org.sigmappg.io.Channel;
import org.sigmappg.io.PpgChannels;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;

/**
 * The text reader on the real recordings in the shared data (skipped when absent). Expected counts and
 * values were read independently with Python's csv module, e.g.
 * {@code python3 -c "import csv; r=list(csv.reader(open('data2.csv')))[1:]; print(len(r), r[0], r[7000], r[-1])"}.
 */
class DelimitedTextReaderSharedDataTest {
    private final DelimitedTextReader reader = new DelimitedTextReader();

    private static int nanCount(Channel c) {
        int n = 0;
        for (float v : c.samples()) {
            n += Float.isNaN(v) ? 1 : 0;
        }
        return n;
    }

    @Test
    void heartpyDataIsABareColumnThatNeedsTheRate() throws IOException {
        Path file = SharedData.require("heartpy_examples/data.csv");
        assertThrows(ReadException.class, () -> reader.read(file, ReadOptions.DEFAULT));
        Channel ppg = PpgChannels.choose(reader.read(file, ReadOptions.DEFAULT.withFs(100.0)), null).orElseThrow();
        assertEquals(2483, ppg.length());
        assertEquals(530f, ppg.samples()[0]);
        assertEquals(462f, ppg.samples()[1000]);
        assertEquals(494f, ppg.samples()[2482]);
        assertEquals(0, nanCount(ppg));
    }

    @Test
    void heartpyData2RateComesFromItsMillisecondTimer() throws IOException {
        Recording r = reader.read(SharedData.require("heartpy_examples/data2.csv"), ReadOptions.DEFAULT);
        Channel hr = r.channel("hr").orElseThrow();
        assertEquals(15000, hr.length());
        // python3: t=[float(row[0]) for row in rows]; 1000/statistics.median(diffs) = 116.98775437699925,
        // and 14999/(t[-1]-t[0])*1000 = 116.98775446533031.
        assertEquals(116.98775, hr.fs(), 1e-4);
        assertEquals(515f, hr.samples()[0]);
        assertEquals(594f, hr.samples()[7000]);
        assertEquals(496f, hr.samples()[14999]);
        assertEquals("ms (header)", r.annotations().get("time.unit"));
        assertEquals(0, nanCount(hr));
    }

    @Test
    void heartpyData3TimestampsFromACoarseClockGiveAbout100Hz() throws IOException {
        Recording r = reader.read(SharedData.require("heartpy_examples/data3.csv"), ReadOptions.DEFAULT);
        Channel hr = r.channel("hr").orElseThrow();
        assertEquals(68476, hr.length());
        // The rows from the first row of the second distinct time to the first row of the last one, over the
        // time between them (counting all 68475 steps over the span would add the last tick's rows without its
        // length). python3: ts = [datetime.fromisoformat(row[0]) ...]; starts = [i for i in range(1, len(ts))
        // if ts[i] > ts[i-1]]; (starts[-1] - starts[0]) / (ts[starts[-1]] - ts[starts[0]]).total_seconds()
        // = 68474 / 681.882 = 100.41913410; 24775 rows repeat the timestamp before them (16 ms clock).
        assertEquals(100.41913, hr.fs(), 1e-4);
        assertEquals(Instant.parse("2016-11-24T13:58:58.081Z"), r.start());
        assertEquals(326f, hr.samples()[0]);
        assertEquals(461f, hr.samples()[30000]);
        assertEquals(496f, hr.samples()[68475]);
        assertTrue(r.annotations().get("time.rate").contains("24775 rows repeat"), r.annotations().get("time.rate"));
        assertEquals(0, nanCount(hr));
    }

    @Test
    void ringDataKeepsItsBlankRowsAsNaN() throws IOException {
        Recording r = reader.read(SharedData.require("heartpy_examples/ring_data.csv"), ReadOptions.DEFAULT.withFs(32.0));
        Channel ppg = PpgChannels.choose(r, null).orElseThrow();
        // grep -c '^""$' ring_data.csv = 3465; lines 2311-2432 are the first run of "" rows.
        assertEquals(91987, ppg.length());
        assertEquals(3465, nanCount(ppg));
        assertEquals(15926f, ppg.samples()[0]);
        assertEquals(15806f, ppg.samples()[2309]);
        assertTrue(Float.isNaN(ppg.samples()[2310]));
        assertTrue(Float.isNaN(ppg.samples()[2431]));
        assertEquals(15914f, ppg.samples()[2432]);
        assertTrue(Float.isNaN(ppg.samples()[91986]), "the file ends in a run of blank rows");
        assertEquals(32.0, ppg.fs());
    }

    @Test
    void bidmcSignalsAre125HzWithFiveNamedChannels() throws IOException {
        Recording r = reader.read(SharedData.require("bidmc_sample/bidmc_01_Signals.csv"), ReadOptions.DEFAULT);
        assertEquals(List.of("RESP", "PLETH", "V", "AVR", "II"), r.channels().stream().map(Channel::name).toList());
        // The time column holds 0.008 s steps for 100 s, then times printed to 0.01 s only, so 9500 rows
        // repeat the time before them; 60000 steps over 480 s are exactly 125 Hz.
        for (Channel c : r.channels()) {
            assertEquals(60001, c.length());
            assertEquals(125.0, c.fs(), 1e-9);
            assertEquals(0, nanCount(c));
        }
        Channel pleth = PpgChannels.choose(r, null).orElseThrow();
        assertEquals("PLETH", pleth.name());
        assertEquals(0.43597f, pleth.samples()[0]);
        assertEquals(0.52199f, pleth.samples()[30000]);
        assertEquals(0.40274f, pleth.samples()[60000]);
        assertEquals(0.72549f, r.channel("II").orElseThrow().samples()[0]);
        assertEquals("Time [s]", r.annotations().get("time.column"));
    }

    @Test
    void neurokitRestingHasEcgPpgAndRspAtTheGivenRate() throws IOException {
        Path file = SharedData.require("neurokit_bio_resting/bio_resting_5min_100hz.csv");
        assertThrows(ReadException.class, () -> reader.read(file, ReadOptions.DEFAULT));
        Recording r = reader.read(file, ReadOptions.DEFAULT.withFs(100.0));
        assertEquals(List.of("ECG", "PPG", "RSP"), r.channels().stream().map(Channel::name).toList());
        for (Channel c : r.channels()) {
            assertEquals(30000, c.length());
        }
        assertEquals(0.003766485194893143f, r.channel("ECG").orElseThrow().samples()[0]);
        assertEquals(-0.17700195312500772f, r.channel("PPG").orElseThrow().samples()[12345]);
        assertEquals(0.9691004354232134f, r.channel("RSP").orElseThrow().samples()[29999]);
    }

    @Test
    void ppgBpSegmentsAreOneRowOfValues() throws IOException {
        ReadOptions at1000 = ReadOptions.DEFAULT.withFs(1000.0);
        Recording decimals = reader.read(SharedData.require("ppg_bp/0_subject/2_1.txt"), at1000);
        assertEquals(1, decimals.channels().size());
        Channel ppg = decimals.channels().get(0);
        // python3: v = open('2_1.txt').read().split('\t'): 2101 cells, the last one empty.
        assertEquals(2100, ppg.length());
        assertEquals(2438f, ppg.samples()[0]);
        assertEquals(1735f, ppg.samples()[1000]);
        assertEquals(1754f, ppg.samples()[2099]);
        assertEquals(2.1, ppg.durationSeconds(), 1e-12);
        Channel integers = reader.read(SharedData.require("ppg_bp/0_subject/403_1.txt"), at1000).channels().get(0);
        assertEquals(2100, integers.length());
        assertEquals(2174f, integers.samples()[0]);
        assertEquals(2015f, integers.samples()[1500]);
        assertEquals(1955f, integers.samples()[2099]);
        Channel longer = reader.read(SharedData.require("ppg_bp/0_subject/231_1.txt"), at1000).channels().get(0);
        assertEquals(4200, longer.length());
        assertEquals(2219f, longer.samples()[0]);
        assertEquals(1883f, longer.samples()[4199]);
        assertNull(decimals.start());
    }
}
