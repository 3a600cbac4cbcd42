package org.sigmappg.io.labels;

import java.util.List;
import java.util.Locale;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.MessageTools;

/**
 * What a label file gave: its label series on the recording's time axis, and the status rows (a device's
 * "Collection Halted") that were skipped because they carry a message instead of values.
 *
 * @param series the label series, in the order they were asked for
 * @param statusRows how many status rows were skipped
 * @param firstStatusLine the line of the first of them, 0 when there is none
 * @param firstStatusText its text as written
 */
public record LabelFile(List<LabelSeries> series, int statusRows, int firstStatusLine, String firstStatusText) {
    public LabelFile {
        series = List.copyOf(series);
    }

    /** "2 status rows without values skipped (the first on line 310: 'Collection Halted')"; empty when none was. */
    public String statusSummary() {
        if (statusRows == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%d status row%s without values skipped (the first on line %d: %s)", statusRows,
                statusRows == 1 ? "" : "s", firstStatusLine, MessageTools.quote(firstStatusText));
    }
}
