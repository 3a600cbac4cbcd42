package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.Workspace;

/**
 * A backbone pre-trained on the recordings it is evaluated on is transductive whatever the datasets are called: the
 * decision goes by the recordings' content hashes, recorded per record at import.
 */
class TransductionTest {
    @TempDir
    static Path tmp;
    static Workspace ws;
    static String backbone;

    @BeforeAll
    static void datasets() throws IOException {
        // The backbone pre-trains on "synthetic"; "renamed" is the same four recordings imported again under another name,
        // "other" four recordings of another length.
        ws = EvalTestData.workspace(tmp.resolve("a"), 4, 60, 20);
        backbone = EvalTestData.fakePretrainRun(ws, MaskingParams.Strategy.ADVERSARIAL, 3);
        new ImportTask(ws, ImportRequest.of(tmp.resolve("a/source"), "renamed")).run(ProgressMonitor.NONE);
        EvalTestData.workspace(tmp.resolve("b"), 4, 80, 20);
        new ImportTask(ws, ImportRequest.of(tmp.resolve("b/source"), "other")).run(ProgressMonitor.NONE);
    }

    private static EvaluationResult evaluate(String dataset) throws IOException {
        TaskDefinition t = TaskCatalogue.withFile(null).resolve("HR", dataset, new Catalogue(ws));
        EvaluationParams p = new EvaluationParams(EvaluationParams.VERSION, EvaluationTask.KIND, t,
                MethodSpec.parseList("pretrained:" + backbone).stream().map(MethodSpec::spec).toList(), EvaluationParams.PROBE, 3, 3, 3,
                100, FinetuneParams.defaults(), "cpu", 16);
        EvaluationTask task = new EvaluationTask(ws);
        RunInfo info = task.create(p, "test");
        return task.run(info.id(), ProgressMonitor.NONE);
    }

    private static EvaluationResult.MethodInfo method(EvaluationResult r) {
        return r.methods().get(1);
    }

    @Test
    void theSameRecordingsUnderAnotherNameAreTransductive() throws IOException {
        EvaluationResult r = evaluate("renamed");
        assertTrue(method(r).transductive(), "pre-trained on synthetic, evaluated on the same recordings as renamed");
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("pretrained:" + backbone + " was pre-trained (self-supervised, without "
                + "labels) on synthetic, whose recordings include 4 of the 4 evaluated here (the same content), test subjects' included")),
                r.notes().toString());
    }

    @Test
    void otherRecordingsAreNot() throws IOException {
        EvaluationResult r = evaluate("other");
        assertFalse(method(r).transductive());
        assertTrue(r.notes().contains("pretrained:" + backbone + ": its pre-training recordings (synthetic) share none with the dataset "
                + "evaluated here, by their content."), r.notes().toString());
    }

    @Test
    void eachRecordKeepsTheHashOfItsContent() throws IOException {
        Catalogue catalogue = new Catalogue(ws);
        List<String> first = catalogue.records(catalogue.requireDataset("synthetic").id()).stream().map(r -> r.contentHash()).toList();
        List<String> again = catalogue.records(catalogue.requireDataset("renamed").id()).stream().map(r -> r.contentHash()).toList();
        List<String> other = catalogue.records(catalogue.requireDataset("other").id()).stream().map(r -> r.contentHash()).toList();
        assertEquals(first, again);
        assertEquals(4, first.stream().distinct().count());
        assertTrue(first.stream().noneMatch(other::contains));
        assertTrue(first.get(0).matches("[0-9a-f]{64}"), first.get(0));
    }
}
