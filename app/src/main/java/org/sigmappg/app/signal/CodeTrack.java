package org.sigmappg.app.signal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TokenizeTask;
import org.sigmappg.train.TokenizerRunParams;

/**
 * The code of every patch of one record, as a tokenizer run assigned it when it tokenized the record's dataset,
 * aligned with the record's {@link PatchTrack}, and how often each code occurs in the whole dataset (for the
 * code band and its hover text).
 */
public final class CodeTrack {
    private final String run;
    private final int[] codes;
    private final long[] counts;

    private CodeTrack(String run, int[] codes, long[] counts) {
        this.run = run;
        this.codes = codes;
        this.counts = counts;
    }

    /**
     * @param datasetCodes the code of every patch of the dataset, in cache order ({@code -1}: padding)
     * @param recordWindows the record's windows (their {@code patchOffset} indexes {@code datasetCodes})
     */
    public static CodeTrack of(String run, int[] datasetCodes, List<WindowInfo> recordWindows, PatchTrack track, int codebookSize) {
        Map<Integer, WindowInfo> byIndex = new HashMap<>();
        recordWindows.forEach(w -> byIndex.put(w.index(), w));
        int[] codes = new int[track.size()];
        for (int i = 0; i < codes.length; i++) {
            WindowInfo w = byIndex.get(track.window(i));
            int p = track.patchInWindow(i);
            long at = w == null || p >= w.patches() ? -1 : w.patchOffset() + p;
            codes[i] = at >= 0 && at < datasetCodes.length ? datasetCodes[(int) at] : -1;
        }
        long[] counts = new long[codebookSize];
        for (int c : datasetCodes) {
            if (c >= 0 && c < codebookSize) {
                counts[c]++;
            }
        }
        return new CodeTrack(run, codes, counts);
    }

    /** Reads the codes tokenizer run {@code run} wrote for the record's dataset (call off the JavaFX thread). */
    public static CodeTrack load(Workspace workspace, String run, String dataset, String record, PatchTrack track) throws IOException {
        Catalogue catalogue = new Catalogue(workspace);
        DatasetInfo d = catalogue.requireDataset(dataset);
        RecordInfo r = catalogue.record(d.id(), record).orElseThrow(() -> new IOException("dataset " + dataset + " has no record " + record));
        RunStore runs = new RunStore(workspace);
        RunStore.Artifact a = runs.artifact(run, "codes:" + dataset).orElseThrow(() -> new IOException(
                run + " has not tokenized " + dataset + "; open " + run + " and choose Tokenize " + dataset));
        int[] codes = TokenizeTask.read(Path.of(a.path().toString()), d.manifestHash());
        int k = TokenizerRunParams.fromJson(runs.require(run).params()).model().codebookSize();
        return of(run, codes, catalogue.windowsOfRecord(r.id()), track, k);
    }

    public String run() {
        return run;
    }

    /** The code of track patch {@code i}, or -1 where the patch has none (padding, outside the windows). */
    public int code(int i) {
        return codes[i];
    }

    /** How many patches of the dataset carry {@code code}. */
    public long count(int code) {
        return code >= 0 && code < counts.length ? counts[code] : 0;
    }

    /** Track patches carrying {@code code} in this record. */
    public int countInRecord(int code) {
        int n = 0;
        for (int c : codes) {
            n += c == code ? 1 : 0;
        }
        return n;
    }
}
