package org.sigmappg.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection file is written and read through one record, in the layout runs already on disk have. */
class InspectionDataTest {
    @TempDir
    Path dir;

    private static InspectionData.Window window(long id, float probability) {
        return new InspectionData.Window(id, "S1", 2, new float[] {0.25f, Float.NaN}, new float[] {probability, 0.5f}, new int[] {1, 0},
                new int[] {1, -1}, new int[] {0, 1}, new int[] {-1, 0}, 1.5, 2.25);
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws IOException {
        Path file = dir.resolve(PretrainTask.INSPECTION);
        new InspectionData("pre-0001", "held-out", List.of(new InspectionData.Epoch(1, List.of(window(7, 0.75f))))).write(file);

        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(List.of("run", "format", "windows_from", "epochs"), List.copyOf(json.keySet()));
        assertEquals(InspectionData.FORMAT, json.get("format").getAsString());

        InspectionData back = InspectionData.read(file);
        assertEquals("pre-0001", back.run());
        assertEquals("held-out", back.windowsFrom());
        InspectionData.Window w = back.last().window(7).orElseThrow();
        assertArrayEquals(new float[] {0.75f, 0.5f}, w.maskProbability());
        assertTrue(Float.isNaN(w.prior()[1]), "a NaN prior survives the file");
        assertArrayEquals(new int[] {1, -1}, w.correct());
        assertEquals(2.25, w.lossRandom());
    }

    @Test
    void theStoredSampleRunReadsAndWritesBackUnchanged() throws IOException {
        Path sample = Path.of("../sample-data/sigma-ppg-runs/pre-0001").resolve(PretrainTask.INSPECTION);
        InspectionData data = InspectionData.read(sample);
        Path copy = dir.resolve("copy.json");
        data.write(copy);
        assertEquals(JsonParser.parseString(Files.readString(sample)), JsonParser.parseString(Files.readString(copy)));
    }

    @Test
    void aRestartKeepsOnlyTheEpochsItsCheckpointHas() throws IOException {
        Path file = dir.resolve(PretrainTask.INSPECTION);
        assertEquals(List.of(), InspectionData.keptEpochs(file, 3), "no file yet: nothing kept");
        new InspectionData("r", "training", List.of(new InspectionData.Epoch(1, List.of(window(1, 0.1f))),
                new InspectionData.Epoch(2, List.of(window(1, 0.2f))), new InspectionData.Epoch(3, List.of(window(1, 0.3f))))).write(file);
        assertEquals(List.of(1, 2), InspectionData.keptEpochs(file, 2).stream().map(InspectionData.Epoch::epoch).toList());
    }

    @Test
    void aBrokenFileSaysWhatIsWrongWithIt() throws IOException {
        Path file = dir.resolve(PretrainTask.INSPECTION);
        Files.writeString(file, "{\"run\":\"r\",\"format\":\"sigma-ppg-inspection/9\",\"epochs\":[]}");
        IOException e = assertThrows(IOException.class, () -> InspectionData.read(file));
        assertEquals(file + " is in format sigma-ppg-inspection/9; this version reads " + InspectionData.FORMAT, e.getMessage());
        Files.writeString(file, "{\"run\":\"r\",\"epochs\":[{\"epoch\":2,\"windows\":[{\"window\":5,\"patches\":3,"
                + "\"maskProbability\":[0.1],\"mask\":[1,0,0]}]}]}");
        e = assertThrows(IOException.class, () -> InspectionData.read(file));
        assertEquals(file + ": epoch 2, window 5 has arrays of the wrong length", e.getMessage());
    }
}
