package org.sigmappg.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.Recording;
import org.sigmappg.io.RecordingReader;
import org.sigmappg.io.SourceFolder;
import org.sigmappg.io.formats.Readers;

/**
 * The channels of an imported record's file other than its kept PPG channels (ECG, arterial pressure, respiration, an
 * oximeter's red and infrared when they were not kept), read again from the file to be looked at beside it: the
 * dataset cache keeps the PPG channels alone. The file is read as the import read it (the dataset's recipe, inside its
 * source folder), and its channels are given only while it still holds the very PPG samples that were imported, so
 * nothing shown beside the PPG can come from a file that changed since.
 */
public final class SourceChannels {
    private SourceChannels() {
    }

    /**
     * The other channels of {@code record}'s file, in the file's order, without its kept PPG channels; empty when the file
     * has none.
     *
     * @param importedPpg the record's PPG channel as the import stored it
     * @throws IOException naming the file when it is gone, cannot be read, or no longer holds the imported PPG
     */
    public static List<Channel> read(DatasetInfo dataset, RecordInfo record, float[] importedPpg) throws IOException {
        Path file = Path.of(record.source());
        SourceFolder folder = SourceFolder.of(Path.of(dataset.source()), false);
        Optional<String> outside = folder.whyOutside(file);
        if (outside.isPresent()) {
            throw new ReadException(file, null, "the record's file " + outside.get() + "; its other channels are not read");
        }
        if (!Files.isRegularFile(file)) {
            throw new ReadException(file, null, "the record's file is no longer there (moved or deleted since the import); "
                    + "its other channels cannot be shown");
        }
        RecordingReader reader = Readers.forFile(file).orElseThrow(() -> new ReadException(file, null,
                "no longer a recording format the workbench reads; its other channels cannot be shown"));
        Recording recording = reader.read(file, ImportPlanner.readOptions(dataset.recipe(), folder));
        Channel ppg = recording.channel(record.channel()).orElseThrow(() -> changed(file, "it has no channel " + record.channel()));
        // Arrays.equals compares floats bit for bit: missing (NaN) samples match each other.
        if (!Arrays.equals(ppg.samples(), importedPpg)) {
            throw changed(file, "its " + record.channel() + " channel differs from the one imported");
        }
        List<String> kept = record.keptChannels().stream().map(RecordInfo.KeptChannel::name).toList();
        List<Channel> others = new ArrayList<>();
        for (Channel c : recording.channels()) {
            if (c != ppg && !kept.contains(c.name())) {
                others.add(c);
            }
        }
        return others;
    }

    private static ReadException changed(Path file, String how) {
        return new ReadException(file, null, "the file has changed since the import (" + how + "); its other channels are not shown; "
                + "re-import the dataset to see them");
    }

}
