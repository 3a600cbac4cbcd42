package org.sigmappg.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.io.torch.TorchCheckpoint;
import org.sigmappg.model.ReferenceLayout;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.train.ImportedWeightsParams;
import org.sigmappg.train.WeightImportTask;

/** The page of imported weights read from a run's record and its report, on the committed reference fixture. */
class ImportedWeightsTest {
    /** The fixture's conversion and the run record an import of it writes (parameters, summary). */
    private static RunInfo importedRun(ReferenceLayout.Conversion c, String args, String summary) {
        ImportedWeightsParams p = new ImportedWeightsParams(ImportedWeightsParams.VERSION, null, "sigma-small.pth", "9689ab", "pytorch",
                "checkpoint['model']", args, c.params());
        return EvaluationSheetTest.run("imp-0001", WeightImportTask.KIND, RunStatus.FINISHED, p.toJson(), summary);
    }

    private static ReferenceLayout.Conversion fixture() throws Exception {
        TorchCheckpoint checkpoint = TorchCheckpoint.read(TestWorkspaces.referenceCheckpoint());
        return ReferenceLayout.fromReference(checkpoint.stateDict().tensors(), ReferenceLayout.REFERENCE_PATCH_SAMPLES);
    }

    @Test
    void theReportTableListsEveryTensorOnceInTheImportsOrder() throws Exception {
        ReferenceLayout.Conversion c = fixture();
        String report = new Gson().toJson(WeightImportTask.report(c));
        ImportedWeights w = ImportedWeights.of(importedRun(c, null, "{\"backbone_parameters\":65040}"), report);

        assertEquals(c.loaded().size() + c.ignored().size() + c.missing().size(), w.rows().size());
        for (int i = 0; i < c.loaded().size(); i++) {
            ReferenceLayout.Loaded l = c.loaded().get(i);
            assertEquals(new ImportedWeights.Row(ImportedWeights.Outcome.LOADED, l.reference(), l.ours(), l.shape(), l.how()), w.rows().get(i));
        }
        ReferenceLayout.Ignored first = c.ignored().get(0);
        assertEquals(new ImportedWeights.Row(ImportedWeights.Outcome.IGNORED, first.reference(), "", first.shape(), first.why()),
                w.rows().get(c.loaded().size()));
        // The committed fixture (2 blocks) holds 52 backbone and head tensors and 18 duplicates and unused heads.
        assertEquals("52 tensors loaded, 18 ignored, 0 missing", w.summary());
        assertTrue(w.rows().stream().anyMatch(r -> r.reference().equals("student.pos_embed") && r.ours().equals("time_embed, cls_token")));
        assertTrue(w.rows().stream().anyMatch(r -> r.reference().equals("projection_head.0.weight") && r.outcome() == ImportedWeights.Outcome.IGNORED));
    }

    @Test
    void missingHeadsAreRowsOfTheirOwnAndCounted() throws Exception {
        ReferenceLayout.Conversion c = fixture();
        String report = new Gson().toJson(Map.of("loaded", List.of(), "ignored", List.of(), "missing", List.of("lm_head.weight", "lm_head.bias")));
        ImportedWeights w = ImportedWeights.of(importedRun(c, null, null), report);
        assertEquals(List.of("lm_head.weight", "lm_head.bias"), w.rows().stream().map(ImportedWeights.Row::reference).toList());
        assertTrue(w.rows().stream().allMatch(r -> r.outcome() == ImportedWeights.Outcome.MISSING));
        assertEquals(2, w.count(ImportedWeights.Outcome.MISSING));
        assertEquals("0 tensors loaded, 0 ignored, 2 missing", w.summary());
    }

    @Test
    void theArchitectureIsTheOneReadOffTheShapes() throws Exception {
        ReferenceLayout.Conversion c = fixture();
        ImportedWeights w = ImportedWeights.of(importedRun(c, null, "{\"backbone_parameters\":65040}"), "{}");
        // scripts/reference/make-fixture.sh: width 48, 2 blocks, 4 heads, 4 conv channels, patch 100, 120 positions, 64 codes.
        assertEquals(List.of(new ImportedWeights.Fact("Width", "48"), new ImportedWeights.Fact("Depth", "2 blocks"),
                new ImportedWeights.Fact("Heads", "4 (head width 12)"), new ImportedWeights.Fact("Patch length", "100 samples"),
                new ImportedWeights.Fact("Positions", "120 patches (windows up to 12000 samples)"),
                new ImportedWeights.Fact("Convolution channels", "4"), new ImportedWeights.Fact("Code head", "64 codes"),
                new ImportedWeights.Fact("Backbone parameters", "65,040")), w.architecture());
        assertEquals("not recorded", ImportedWeights.of(importedRun(c, null, null), "{}").architecture().get(7).value());
        assertEquals(List.of(new ImportedWeights.Fact("Source file", "sigma-small.pth"), new ImportedWeights.Fact("SHA-256", "9689ab"),
                new ImportedWeights.Fact("Format", "PyTorch checkpoint (torch.save)"), new ImportedWeights.Fact("State dict", "checkpoint['model']")),
                w.provenance());
        assertEquals("imported weights from sigma-small.pth", w.title());
    }

    @Test
    void theCheckpointsArgumentsAreShownOnePerLine() {
        assertEquals(List.of("model = 'sigma_pro_patch100_12000_8k_vocab'", "note = 'a, b'", "input_chans = [0, 1]", "betas = (0.9, 0.98)",
                "nested = {'a': 1, 'b': [2, 3]}", "flag = True"),
                ImportedWeights.argumentLines("Namespace(model='sigma_pro_patch100_12000_8k_vocab', note='a, b', input_chans=[0, 1], "
                        + "betas=(0.9, 0.98), nested={'a': 1, 'b': [2, 3]}, flag=True)"));
        assertEquals(List.of("quote = 'it\\'s, fine'", "n = 3"), ImportedWeights.argumentLines("Namespace(quote='it\\'s, fine', n=3)"));
        assertEquals(List.of("format = sigma-ppg reference student/1", "patch_samples = 100"),
                ImportedWeights.argumentLines("{\"format\":\"sigma-ppg reference student/1\",\"patch_samples\":\"100\"}"));
        assertEquals(List.of("lr = 0.001", "flag = True"), ImportedWeights.argumentLines("{'lr': 0.001, 'flag': True}"), "a Python dict of plain values");
        assertEquals(List.of("betas = (0.9, 0.98)", "name = 'x: y'"), ImportedWeights.argumentLines("{'betas': (0.9, 0.98), \"name\": 'x: y'}"));
        assertEquals(List.of("an optimizer object"), ImportedWeights.argumentLines("an optimizer object"));
        assertEquals(List.of(), ImportedWeights.argumentLines(null));
    }

    @Test
    void theRunsTableNamesTheFileAndTheStudent() throws Exception {
        ReferenceLayout.Conversion c = fixture();
        assertEquals("sigma-small.pth: width 48, 2 blocks, 4 heads, 65,040 parameters",
                org.sigmappg.eval.RunOverview.headline(importedRun(c, null, "{\"backbone_parameters\":65040}"), null));
        assertEquals("sigma-small.pth: width 48, 2 blocks, 4 heads", org.sigmappg.eval.RunOverview.headline(importedRun(c, null, null), null));
    }
}
