package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.run.Workspace;

/**
 * WFDB header comments are record labels (the PhysioNet/CinC 2015 alarm records: the alarm type on the first comment
 * line, "True alarm" or "False alarm" on the second), so a task file can evaluate them: once dropped without a word.
 */
class HeaderCommentLabelsTest {
    @TempDir
    Path tmp;

    @Test
    void headerCommentsBecomeRecordLabelsATaskFileCanUse() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("alarms"));
        for (int i = 0; i < 8; i++) {
            String name = "a" + (100 + i) + "l";
            Path header = Recordings.goodWfdb(data, name, 125, 30);
            String verdict = i % 2 == 0 ? "True alarm" : "False alarm";
            Files.writeString(header, Files.readString(header) + "#Asystole\n#" + verdict + "\n#age: " + (50 + i) + "\n");
        }
        String ws = tmp.resolve("ws").toString();
        Cli.Result imported = Cli.run("import", data.toString(), "--name", "alarms", "--window-seconds", "10", "--workspace", ws, "--json");
        assertEquals(0, imported.code(), imported.err());

        Catalogue catalogue = new Catalogue(Workspace.open(Path.of(ws)));
        DatasetInfo d = catalogue.requireDataset("alarms");
        Map<String, Map<String, Catalogue.LabelValue>> labels = catalogue.recordLabels(d.id());
        assertEquals("Asystole", labels.get("a100l").get("comment.1").text());
        assertEquals("True alarm", labels.get("a100l").get("comment.2").text());
        assertEquals("False alarm", labels.get("a101l").get("comment.2").text());
        assertEquals(57.0, labels.get("a107l").get("age").value(), "a key: value comment is a label by its key, a number stored as one");

        Path task = Files.writeString(tmp.resolve("false-alarm.json"), """
                {"version": 1, "name": "false-alarm", "description": "false alarm from the header's verdict",
                 "label": "comment.2", "source": "record", "kind": "binary",
                 "classes": [{"name": "true", "values": ["True alarm"]}, {"name": "false", "values": ["False alarm"]}]}
                """);
        Cli.Result evaluated = Cli.run("evaluate", "--task-file", task.toString(), "--task", "false-alarm", "--dataset", "alarms",
                "--methods", "features,trivial", "--folds", "2", "--inner-folds", "2", "--bootstrap", "100", "--workspace", ws, "--json");
        assertEquals(0, evaluated.code(), evaluated.err() + evaluated.out());
        JsonObject out = evaluated.json();
        Set<String> methods = new HashSet<>();
        for (JsonElement row : out.getAsJsonArray("rows")) {
            methods.add(row.getAsJsonObject().get("method").getAsString());
        }
        assertTrue(methods.contains("features") && methods.contains("trivial"), methods.toString());
    }
}
