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
import org.sigmappg.signal.WindowParams;

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
                + " description, include, exclude, fs, channel, channels, columnNames, timeColumn, timeUnit, charset, subjectPattern,"
                + " recordLabels, recordLabelsFs, labels, subjectTable, windowSeconds, hopSeconds, minWindowFraction", e.problem());
        assertEquals("unknown key 'sampling_rate_hz'; the known keys are version, layout, description, include, exclude, fs,"
                + " channel, channels, columnNames, timeColumn, timeUnit, charset, subjectPattern, recordLabels, recordLabelsFs,"
                + " labels, subjectTable, windowSeconds, hopSeconds, minWindowFraction", refused("{\"sampling_rate_hz\": 125}").problem(),
                "no guess when nothing is near");
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

    /** The recipe of issue 16, as written. */
    static final String FINGER_CLIP_STUDY = """
            {"version": 1, "layout": "finger-clip-study",
             "include": ["ppg/*/*.csv"], "fs": 30, "channels": ["RED", "IR"],
             "subjectPattern": "ppg/[^/]+/([^/.]+)\\\\.csv", "windowSeconds": 30,
             "labels": {"file": "oximeter/{subject}.csv", "relativeTo": "dataset",
                        "time": {"column": "Clock", "origin": "first-row"},
                        "series": {"SpO2": {"columns": ["SpO2 A", "SpO2 B", "SpO2 C"], "combine": "mean", "missing": [0]},
                                   "HR": {"columns": ["Pulse A", "Pulse B"], "combine": "mean", "missing": [0]}}}}
            """;

    @Test
    void aLabelsBlockIsReadWithEveryNestedKey() throws IOException {
        ImportRecipe r = ImportRecipe.read(Files.writeString(dir.resolve("study.json"), FINGER_CLIP_STUDY, StandardCharsets.UTF_8));
        assertEquals(List.of("RED", "IR"), r.channels());
        assertEquals(List.of("RED", "IR"), r.chosenChannels(), "both channels are kept, in the order written");
        assertEquals("ppg/[^/]+/([^/.]+)\\.csv", r.subjectPattern());
        ImportRecipe.LabelFiles labels = r.labelFiles();
        assertEquals("oximeter/{subject}.csv", labels.file());
        assertTrue(labels.relativeToDataset());
        assertEquals(new ImportRecipe.LabelTime("Clock", "first-row", null), labels.time());
        assertEquals(List.of("SpO2", "HR"), List.copyOf(labels.series().keySet()), "in the order written");
        assertEquals(List.of("Pulse A", "Pulse B"), labels.series().get("HR").columns());
        assertEquals(0.0, labels.series().get("SpO2").missing().get(0).getAsDouble());
        assertEquals(r, ImportRecipe.fromJson(r.toJson()), "the stored recipe reads back the same");
        ImportRecipe shortForm = ImportRecipe.simple("x", "", null, null).with(Map.of("recordLabels", "{stem}_labels.csv",
                "recordLabelsFs", 1.0));
        assertEquals(new ImportRecipe.LabelFiles("{stem}_labels.csv", null, 1.0, null, null, null, null), shortForm.labelFiles());
        assertFalse(shortForm.labelFiles().relativeToDataset(), "recordLabels is relative to the recording");
    }

    @Test
    void theLabelsBlockIsCheckedKeyByKeyInsideEveryLevel() throws IOException {
        assertEquals("unknown key 'relativeto' in \"labels\"; did you mean 'relativeTo'? The known keys there are file,"
                + " relativeTo, fs, time, offsets, series, optional", refused("{\"labels\": {\"file\": \"a.csv\", \"relativeto\": \"dataset\"}}").problem());
        assertEquals("unknown key 'column' in \"labels.series.SpO2\"; did you mean 'columns'? The known keys there are columns,"
                + " combine, missing", refused("{\"labels\": {\"file\": \"a.csv\", \"series\": {\"SpO2\": {\"column\": \"SpO2 A\"}}}}").problem());
        assertEquals("unknown key 'start' in \"labels.time\"; the known keys there are column, origin, unit",
                refused("{\"labels\": {\"file\": \"a.csv\", \"time\": {\"start\": 5}}}").problem());
        assertEquals("\"labels.relativeTo\" must be 'dataset' or 'recording', got the text 'root'",
                refused("{\"labels\": {\"file\": \"a.csv\", \"relativeTo\": \"root\"}}").problem());
        assertEquals("\"labels.time.origin\" must be 'first-row' or 'recording-start', got the text 'start'",
                refused("{\"labels\": {\"file\": \"a.csv\", \"time\": {\"origin\": \"start\"}}}").problem());
        assertEquals("\"labels.time.unit\" must be 's', 'ms' or 'us', got the text 'min'",
                refused("{\"labels\": {\"file\": \"a.csv\", \"time\": {\"unit\": \"min\"}}}").problem());
        assertEquals("\"labels.series.SpO2.combine\" must be 'mean' or 'median', got the text 'avg'",
                refused("{\"labels\": {\"file\": \"a.csv\", \"series\": {\"SpO2\": {\"columns\": [\"A\"], \"combine\": \"avg\"}}}}").problem());
        assertEquals("\"labels.series\" must be an object of names to objects in braces, like {\"SpO2\": {\"columns\": [\"SpO2 A\","
                + " \"SpO2 B\"]}}, but 'SpO2' is the text 'SpO2 A'",
                refused("{\"labels\": {\"file\": \"a.csv\", \"series\": {\"SpO2\": \"SpO2 A\"}}}").problem());
        assertEquals("\"labels.series.SpO2.missing\" must be a list of numbers or texts in square brackets, like [0, \"---\"], but"
                + " item 2 is true", refused("{\"labels\": {\"file\": \"a.csv\", \"series\": {\"SpO2\": {\"columns\": [\"A\"],"
                + " \"missing\": [0, true]}}}}").problem());
        assertEquals("\"labels.offsets\" must be an object of names to numbers, like {\"ppg/left/*\": 12.5}, but 's01' is the"
                + " text '12 s'", refused("{\"labels\": {\"file\": \"a.csv\", \"offsets\": {\"s01\": \"12 s\"}}}").problem());
        assertEquals("\"labels.optional\" must be true or false, got the text 'yes'",
                refused("{\"labels\": {\"file\": \"a.csv\", \"optional\": \"yes\"}}").problem());
        assertEquals("\"labels.fs\" (the rate of the label files' rows in Hz) must be a positive number, got the number 0",
                refused("{\"labels\": {\"file\": \"a.csv\", \"fs\": 0}}").problem());
        assertEquals("\"labels\" must be an object in braces, like {\"file\": \"{stem}_labels.csv\"}, got the text 'a.csv'",
                refused("{\"labels\": \"a.csv\"}").problem());
    }

    @Test
    void whatABlockNeedsAndKeysThatExcludeEachOtherAreNamed() throws IOException {
        assertEquals("\"labels\" needs \"file\": the label file's name, like \"{stem}_labels.csv\" or \"oximeter/{subject}.csv\"",
                refused("{\"labels\": {\"relativeTo\": \"dataset\"}}").problem());
        assertEquals("\"labels.series.HR\" needs \"columns\": the columns that give the label, like [\"SpO2 A\", \"SpO2 B\"]",
                refused("{\"labels\": {\"file\": \"a.csv\", \"series\": {\"HR\": {\"combine\": \"mean\"}}}}").problem());
        assertEquals("\"labels.series.HR.columns\" must name at least one column",
                refused("{\"labels\": {\"file\": \"a.csv\", \"series\": {\"HR\": {\"columns\": []}}}}").problem());
        assertEquals("\"channels\" must name at least one channel", refused("{\"channels\": []}").problem());
        assertEquals("\"channels\" must be a list of texts in square brackets, like [\"RED\", \"IR\"], got the text 'RED'",
                refused("{\"channels\": \"RED\"}").problem());
        assertEquals("give the PPG channel either as \"channel\" or as \"channels\", not both",
                refused("{\"channel\": \"PLETH\", \"channels\": [\"RED\"]}").problem());
        assertEquals("give the label files either as \"recordLabels\" (the short form) or as \"labels\", not both",
                refused("{\"recordLabels\": \"{stem}.txt\", \"labels\": {\"file\": \"a.csv\"}}").problem());
        assertEquals("\"labels.file\" uses {subj}; the names it may use are {stem} and {subject}",
                refused("{\"labels\": {\"file\": \"oximeter/{subj}.csv\"}}").problem());
        assertEquals("\"recordLabels\" uses {record}; the names it may use are {stem} and {subject}",
                refused("{\"recordLabels\": \"{record}_labels.csv\"}").problem());
        assertTrue(refused("{\"labels\": {\"file\": \"a.csv\", \"offsets\": {\"ppg/[left\": 3}}}").problem()
                .startsWith("\"labels.offsets\": 'ppg/[left' is neither a record name nor a valid path pattern ("));
    }

    @Test
    void aChannelGivenOnTheCommandLineReplacesTheRecipesChannels() throws IOException {
        ImportRecipe r = ImportRecipe.read(Files.writeString(dir.resolve("study.json"), FINGER_CLIP_STUDY, StandardCharsets.UTF_8));
        Path recipe = Files.writeString(dir.resolve("study.json"), FINGER_CLIP_STUDY, StandardCharsets.UTF_8);
        ImportRecipe given = ImportTask.resolveRecipe(new ImportRequest(dir, "d", recipe, null, "IR", null, null, null, null,
                false, false, null, false));
        assertEquals(List.of("IR"), given.chosenChannels());
        assertEquals(null, given.channels());
        assertEquals(r.labels(), given.labels());
        ImportRecipe two = ImportTask.resolveRecipe(ImportRequest.of(dir, "d").withChannel(" PLETH , RED"));
        assertEquals(List.of("PLETH", "RED"), two.chosenChannels(), "a comma-separated --channel keeps several, trimmed");
        assertEquals(null, two.channel());
    }

    @Test
    void aChannelListThatNamesOneChannelTwiceOrNoneIsRefused() throws IOException {
        Path recipe = Files.writeString(dir.resolve("study.json"), FINGER_CLIP_STUDY, StandardCharsets.UTF_8);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ImportTask.resolveRecipe(ImportRequest.of(dir, "d").withChannel("RED,Red")));
        assertEquals("the channels to keep name 'RED' and 'Red', which are the same channel", twice.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ImportTask.resolveRecipe(new ImportRequest(dir, "d", recipe, null, "RED,", null, null, null, null, false, false,
                        null, false)));
        assertEquals("--channel 'RED,' has an empty channel name; give one name, or several separated by commas, like --channel RED,IR",
                empty.getMessage());
    }

    @Test
    void hopAndSmallestWindowShareAreRecipeKeysCheckedLikeTheOthers() throws IOException {
        assertEquals("\"hopSeconds\" (the seconds from one window's start to the next) must be a positive number, got the number 0",
                refused("{\"hopSeconds\": 0}").problem());
        assertEquals("\"minWindowFraction\" (the smallest share of a window kept) must be a number from 0 to 1, got the number 1.5",
                refused("{\"minWindowFraction\": 1.5}").problem());
        ImportRecipe r = ImportRecipe.read(Files.writeString(dir.resolve("hop.json"),
                "{\"windowSeconds\": 30, \"hopSeconds\": 10, \"minWindowFraction\": 0.5}", StandardCharsets.UTF_8));
        WindowParams w = ImportTask.preprocessParams(ImportRequest.of(dir, "d"), r).windows();
        assertEquals(1500, w.windowSamples());
        assertEquals(500, w.hopSamples());
        assertEquals(0.5, w.minWindowFraction());
        ImportRecipe tooLong = r.with(Map.of("hopSeconds", 40.0));
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> ImportTask.preprocessParams(ImportRequest.of(dir, "d"), tooLong));
        assertEquals("hop 40.0 s is longer than the 30 s window: windows would leave gaps; give a hop of at most 30 s", gap.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> ImportTask.preprocessParams(ImportRequest.of(dir, "d"), r.with(Map.of("hopSeconds", 0.013))));
        assertEquals("hop 0.013 s is not a whole number of samples at 50 Hz", fraction.getMessage());
    }
}
