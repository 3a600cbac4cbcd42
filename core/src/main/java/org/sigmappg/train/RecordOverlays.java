package org.sigmappg.train;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * The runs that can draw a band on one record, as the signal explorer offers them: tokenizer runs that coded the
 * record's dataset, and pre-training runs on that dataset that kept inspection data; with the record's windows,
 * which the bands are drawn by.
 *
 * @param codeRuns tokenizer runs with codes of the dataset, in the run store's order
 * @param maskRuns pre-training runs on the dataset with an inspection file, in the run store's order
 */
public record RecordOverlays(List<String> codeRuns, List<String> maskRuns, List<WindowInfo> windows) {
    public RecordOverlays {
        codeRuns = List.copyOf(codeRuns);
        maskRuns = List.copyOf(maskRuns);
        windows = List.copyOf(windows);
    }

    /** Reads them for record {@code record} of dataset {@code dataset} (call off the JavaFX thread). */
    public static RecordOverlays of(Workspace ws, String dataset, String record) throws IOException {
        RunStore runs = new RunStore(ws);
        List<String> codeRuns = new ArrayList<>();
        List<String> maskRuns = new ArrayList<>();
        for (RunInfo r : runs.list()) {
            if (TokenizerTask.KIND.equals(r.kind()) && runs.artifact(r.id(), "codes:" + dataset).isPresent()) {
                codeRuns.add(r.id());
            } else if (PretrainTask.KIND.equals(r.kind()) && dataset.equals(r.dataset())
                    && Files.exists(ws.runsDirectory().resolve(r.id()).resolve(PretrainTask.INSPECTION))) {
                maskRuns.add(r.id());
            }
        }
        Catalogue catalogue = new Catalogue(ws);
        DatasetInfo d = catalogue.requireDataset(dataset);
        RecordInfo rec = catalogue.record(d.id(), record).orElseThrow(() -> new IOException("no record " + record));
        return new RecordOverlays(codeRuns, maskRuns, catalogue.windowsOfRecord(rec.id()));
    }
}
