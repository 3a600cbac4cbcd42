package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task definitions: built-ins, class mapping, JSON files, and refusals that name the fix. */
class TaskDefinitionTest {
    @TempDir
    Path tmp;

    private static TaskDefinition builtIn(String name, String layout) {
        return TaskCatalogue.builtIn().tasks().stream().filter(t -> t.name().equals(name) && layout.equals(t.layout())).findFirst().orElseThrow();
    }

    @Test
    void builtInTasksMapLabelsToTheDocumentedClasses() {
        TaskDefinition binary = builtIn("hypertension", TaskCatalogue.PPG_BP);
        assertEquals(TaskKind.BINARY, binary.kind());
        assertEquals(0, binary.classOf("Normal", null));
        assertEquals(0, binary.classOf("prehypertension", null), "case-insensitive");
        assertEquals(1, binary.classOf("Stage 1 hypertension", null));
        assertEquals(1, binary.classOf(" Stage 2 hypertension ", null));
        assertEquals(-1, binary.classOf("unknown", null));
        TaskDefinition stages = builtIn("hypertension-stages", TaskCatalogue.PPG_BP);
        assertEquals(TaskKind.MULTICLASS, stages.kind());
        assertEquals(3, stages.classOf("Stage 2 hypertension", null));
        TaskDefinition af = builtIn("AF", TaskCatalogue.SAMPLE);
        assertEquals(0, af.classOf(null, 0.49));
        assertEquals(1, af.classOf(null, 0.5), "AF: window mean >= 0.5");
        TaskDefinition quality = builtIn("quality", TaskCatalogue.SAMPLE);
        assertEquals(0, quality.classOf(null, 0.4));
        assertEquals(1, quality.classOf(null, 1.49));
        assertEquals(2, quality.classOf(null, 1.5), "rounded class");
        for (TaskDefinition t : TaskCatalogue.builtIn().tasks()) {
            assertEquals("subject", t.splitUnit());
        }
    }

    @Test
    void aUserTaskFileRoundTripsAndAcceptsLowerCaseEnums() throws IOException {
        Path file = tmp.resolve("tasks.json");
        Files.writeString(file, """
                [{"name": "fast", "label": "MeanHR", "source": "subject", "kind": "binary",
                  "classes": [{"name": "slow", "max": 100}, {"name": "fast", "min": 100}]},
                 {"version": 1, "name": "meanHR", "label": "MeanHR", "source": "subject", "kind": "regression", "unit": "bpm"}]
                """);
        List<TaskDefinition> tasks = TaskDefinition.readFile(file);
        assertEquals(2, tasks.size());
        assertEquals(TaskKind.BINARY, tasks.get(0).kind());
        assertEquals(LabelSource.SUBJECT, tasks.get(0).source());
        assertEquals(1, tasks.get(0).classOf(null, 120.0));
        assertEquals(tasks.get(1), TaskDefinition.fromJson(tasks.get(1).toJson()));
    }

    @Test
    void refusalsSayWhatToFix() throws IOException {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, "{\"name\": \"x\", \"label\": \"SBP\", \"source\": \"subject\", \"kind\": \"regression\", \"splitUnit\": \"window\"}");
        IOException e = assertThrows(IOException.class, () -> TaskDefinition.readFile(file));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("splitUnit must be \"subject\""), e.getMessage());
        IllegalArgumentException binary = assertThrows(IllegalArgumentException.class, () -> new TaskDefinition(1, "b", null, null, null, "L",
                LabelSource.WINDOW, TaskKind.BINARY, null, List.of(ClassRule.ofRange("a", null, 1.0)), null, null));
        assertTrue(binary.getMessage().contains("exactly 2 classes"), binary.getMessage());
        IllegalArgumentException rule = assertThrows(IllegalArgumentException.class, () -> new ClassRule("c", List.of("x"), 1.0, null));
        assertTrue(rule.getMessage().contains("not both"), rule.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TaskCatalogue.builtIn().resolve("SPB", null, null));
        assertTrue(unknown.getMessage().contains("SBP (ppg-bp, regression)"), unknown.getMessage());
    }

    /** The task-file example in the README parses into the tasks it describes. */
    @Test
    void theReadmesTaskFileExampleIsRead() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        int start = readme.indexOf("[{\"version\": 1, \"name\": \"age\"");
        int end = readme.indexOf("]}]}]", start) + 5;
        org.junit.jupiter.api.Assertions.assertTrue(start >= 0 && end > start, "the README's task-file example");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("tasks", ".json");
        java.nio.file.Files.writeString(file, readme.substring(start, end).replaceAll("\\n\\s+", " "));
        java.util.List<TaskDefinition> tasks = TaskDefinition.readFile(file);
        org.junit.jupiter.api.Assertions.assertEquals(2, tasks.size());
        org.junit.jupiter.api.Assertions.assertEquals(TaskKind.REGRESSION, tasks.get(0).kind());
        org.junit.jupiter.api.Assertions.assertEquals(LabelSource.RECORD, tasks.get(1).source());
        org.junit.jupiter.api.Assertions.assertEquals(1, tasks.get(1).classOf("False alarm", null));
        java.nio.file.Files.delete(file);
    }
}
