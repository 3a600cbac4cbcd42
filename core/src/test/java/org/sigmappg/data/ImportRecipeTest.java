package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.ReadException;

/** Recipe files are read strictly: every key known, every value of its kind, every rate a positive number. */
class ImportRecipeTest {
    @TempDir
    Path dir;

    private ReadException refused(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("recipe.json"), json, StandardCharsets.UTF_8);
        ReadException e = assertThrows(ReadException.class, () -> ImportRecipe.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("http") || e.getMessage().contains("Exception"), e.getMessage());
        return e;
    }

    @Test
    void theReadmeRecipeAndTheSampleSetsRecipeAreRead() throws IOException {
        Path readme = Files.writeString(dir.resolve("readme.json"), """
                {
                  "version": 1,
                  "layout": "my-study",
                  "include": ["subjects/*/ppg_*.csv"],
                  "exclude": [],
                  "fs": 125,
                  "channel": "PLETH",
                  "subjectPattern": "subjects/([^/]+)/",
                  "recordLabels": "{stem}_labels.csv",
                  "subjectTable": {"file": "subjects.xlsx", "idColumn": "subject", "columns": {"SBP": "Systolic BP", "DBP": "Diastolic BP"}},
                  "windowSeconds": 240
                }
                """, StandardCharsets.UTF_8);
        ImportRecipe r = ImportRecipe.read(readme);
        assertEquals(125.0, r.fs());
        assertEquals(List.of("subjects/*/ppg_*.csv"), r.include());
        assertEquals("Systolic BP", r.subjectTable().columns().get("SBP"));
        assertEquals(240.0, r.windowSeconds());
        ImportRecipe sample = ImportRecipe.read(Path.of("../sample-data/sigma-ppg-dataset.json"));
        assertEquals("PLETH", sample.channel());
    }

    @Test
    void anUnknownKeyIsRefusedWithTheNearestKnownOneAndTheList() throws IOException {
        ReadException e = refused("{\"version\": 1, \"windowSecond\": 30}");
        assertEquals("unknown key 'windowSecond'; did you mean 'windowSeconds'? The known keys are version, layout,"
                + " description, include, exclude, fs, channel, columnNames, timeColumn, timeUnit, charset, subjectPattern,"
                + " recordLabels, recordLabelsFs, subjectTable, windowSeconds", e.problem());
        assertEquals("unknown key 'sampling_rate_hz'; the known keys are version, layout, description, include, exclude, fs,"
                + " channel, columnNames, timeColumn, timeUnit, charset, subjectPattern, recordLabels, recordLabelsFs,"
                + " subjectTable, windowSeconds", refused("{\"sampling_rate_hz\": 125}").problem(), "no guess when nothing is near");
    }

    @Test
    void anUnknownKeyInsideTheSubjectTableIsRefusedTheSameWay() throws IOException {
        ReadException e = refused("{\"subjectTable\": {\"file\": \"s.csv\", \"idColum\": \"subject\"}}");
        assertEquals("unknown key 'idColum' in \"subjectTable\"; did you mean 'idColumn'? The known keys there are file,"
                + " sheet, idColumn, columns", e.problem());
    }

    @Test
    void aValueOfTheWrongKindNamesTheKeyWhatItMustBeAndWhatItIs() throws IOException {
        assertEquals("\"fs\" must be a number, got the text 'one'", refused("{\"fs\": \"one\"}").problem());
        assertEquals("\"include\" must be a list of texts in square brackets, like [\"*.csv\"], got the text '*.csv'",
                refused("{\"include\": \"*.csv\"}").problem());
        assertEquals("\"include\" must be a list of texts in square brackets, like [\"*.csv\"], but item 2 is the number 3",
                refused("{\"include\": [\"*.csv\", 3]}").problem());
        assertEquals("\"channel\" must be text in quotes, got a list", refused("{\"channel\": [\"PLETH\"]}").problem());
        assertEquals("\"version\" must be a whole number, got the number 1.5", refused("{\"version\": 1.5}").problem());
        assertEquals("\"subjectTable\" must be an object in braces, like {\"file\": \"subjects.csv\"}, got the text 'x.csv'",
                refused("{\"subjectTable\": \"x.csv\"}").problem());
        assertEquals("\"subjectTable.columns\" must be an object of names to texts, like {\"SBP\": \"Systolic BP\"}, but"
                + " 'SBP' is the number 3", refused("{\"subjectTable\": {\"file\": \"s.csv\", \"columns\": {\"SBP\": 3}}}").problem());
    }

    @Test
    void ratesAndLengthsMustBePositiveNumbers() throws IOException {
        assertEquals("\"fs\" (the sampling rate in Hz) must be a positive number, got the number 0",
                refused("{\"fs\": 0}").problem());
        assertEquals("\"windowSeconds\" (the window length in seconds) must be a positive number, got the number -240",
                refused("{\"windowSeconds\": -240}").problem());
        assertEquals("\"recordLabelsFs\" (the rate of the label files in Hz) must be a positive number, got the number 1e999",
                refused("{\"recordLabelsFs\": 1e999}").problem());
    }

    @Test
    void brokenJsonNamesItsLineAndColumnWithoutTheLibrarysAdvice() throws IOException {
        ReadException e = refused("{\n  \"version\": 1,\n  \"fs\" 125\n}");
        assertEquals("line 3, column 9", e.location(), e.getMessage());
        assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
        assertEquals("a recipe is one JSON object in braces, like {\"version\": 1, \"fs\": 125}, but this file holds a list",
                refused("[{\"fs\": 125}]").problem());
        assertEquals("the import recipe is empty", refused("").problem());
        assertEquals("import recipe version 2 is newer than this workbench understands (1)", refused("{\"version\": 2}").problem());
        assertEquals("unknown character set 'klingon' (e.g. UTF-8, ISO-8859-1, windows-1252)",
                refused("{\"charset\": \"klingon\"}").problem());
    }

    @Test
    void optionsThatAreNotPositiveNumbersAreRefusedByName() {
        ImportRecipe r = ImportRecipe.simple("folder", "", null, null);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -5}) {
            Map<String, Object> changes = new HashMap<>();
            changes.put("fs", bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.with(changes));
            assertTrue(e.getMessage().startsWith("\"fs\" (the sampling rate in Hz) must be a positive number, got the number "),
                    e.getMessage());
        }
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> r.with(Map.of("windowSeconds", Double.NaN)));
        assertEquals("\"windowSeconds\" (the window length in seconds) must be a positive number, got the number NaN", w.getMessage());
        assertEquals(125.0, r.with(Map.of("fs", 125.0)).fs());
    }
}
