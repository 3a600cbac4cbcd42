package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.NpyFile;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowExport;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.run.Workspace;

/**
 * Embedding export: the .npy file follows the NPY 1.0 specification byte for byte, and agrees with the CSV; the windows'
 * export has the same ids and the model's input samples.
 */
class EmbeddingExportTest {
    @TempDir
    Path tmp;

    @Test
    void npyHeaderAndBytesFollowTheSpecification() throws IOException {
        double[][] m = {{1, 2.5, -3, 4}, {0.1, 0, 1e6, -1e-6}, {7, 8, 9, 10}};
        Path file = tmp.resolve("m.npy");
        EmbeddingExport.writeNpy(file, m, 4);
        NpyFile npy = NpyFile.read(file);
        assertEquals("<f4", npy.descr());
        assertEquals(false, npy.fortranOrder());
        assertEquals(3, npy.rows());
        assertEquals(4, npy.columns());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals((float) m[i][j], npy.data()[i * 4 + j], 0, "C order: row " + i + " column " + j);
            }
        }
        // Row sums 4.5, 1000000.1 and 34: numpy.load(...).sum() = 1000038.6.
        numpyAgrees(file, "(3, 4) float32 1000038.6");
    }

    /** Loads the file with NumPy when this machine has it, and compares shape, type and sum. */
    private static void numpyAgrees(Path file, String expected) throws IOException {
        String script = "import numpy; a = numpy.load(r'" + file + "'); print(a.shape, a.dtype, round(float(a.astype('float64').sum()), 1))";
        Process check;
        try {
            check = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            assumeTrue(check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0, "NumPy is not installed here: the byte-level check above stands alone");
            Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, p.exitValue(), out);
            assertEquals(expected, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (IOException e) {
            assumeTrue(false, "python3 cannot be started here (" + e.getMessage() + ")");
        }
    }

    @Test
    void exportWritesCsvNpyIdsAndProvenanceForEveryWindow() throws IOException {
        Workspace ws = EvalTestData.workspace(tmp, 3, 40, 20);
        String run = EvalTestData.fakePretrainRun(ws, MaskingParams.Strategy.ADVERSARIAL, 3);
        EmbeddingExport.Summary s = EmbeddingExport.export(ws, run, EvalTestData.DATASET, tmp.resolve("out/emb.csv"), "cpu");
        int windows = new Catalogue(ws).requireDataset(EvalTestData.DATASET).windows();
        assertEquals(6, windows);
        assertEquals(windows, s.windows());
        assertEquals(32, s.width());
        List<String> csv = Files.readAllLines(s.csv());
        assertTrue(csv.get(0).startsWith("subject,record,window_id,window_index,e0,e1,"), csv.get(0));
        assertTrue(csv.get(0).endsWith(",e31"));
        assertEquals(windows + 1, csv.size());
        NpyFile npy = NpyFile.read(s.npy());
        assertEquals(windows, npy.rows());
        assertEquals(32, npy.columns());
        for (int i = 0; i < windows; i++) {
            String[] cells = csv.get(i + 1).split(",");
            for (int j = 0; j < 32; j++) {
                assertEquals(Float.parseFloat(cells[4 + j]), npy.data()[i * 32 + j], 0, "CSV and NPY agree at " + i + "," + j);
            }
        }
        List<String> ids = Files.readAllLines(s.ids());
        assertEquals("row,subject,record,window_id,window_index,valid_samples", ids.get(0));
        assertTrue(ids.get(1).startsWith("0," + String.join(",", List.of(csv.get(1).split(",")).subList(0, 4)) + ","), ids.get(1));

        // export-windows: the same ids file, and each row the window's samples up to its valid length, then zeros.
        WindowExport.Summary w = WindowExport.export(new Catalogue(ws), EvalTestData.DATASET, tmp.resolve("out/win.npy"),
                ProgressMonitor.NONE);
        assertEquals(ids, Files.readAllLines(w.ids()));
        NpyFile samples = NpyFile.read(w.npy());
        assertEquals(windows, samples.rows());
        Catalogue catalogue = new Catalogue(ws);
        DatasetInfo d = catalogue.requireDataset(EvalTestData.DATASET);
        List<WindowInfo> infos = catalogue.windowsOfDataset(d.id());
        try (WindowCache cache = catalogue.openCache(d)) {
            for (int i = 0; i < windows; i++) {
                WindowInfo info = infos.get(i);
                float[] expected = cache.samples(info.sampleOffset(), info.validSamples());
                for (int j = 0; j < samples.columns(); j++) {
                    float want = j < info.validSamples() ? expected[j] : 0f;
                    assertEquals(want, samples.data()[i * samples.columns() + j], 0, "window " + i + " sample " + j);
                }
                assertTrue(ids.get(i + 1).endsWith("," + info.validSamples()), ids.get(i + 1));
            }
        }
        String provenance = Files.readString(s.provenance());
        assertTrue(provenance.contains("\"run\": \"" + run + "\"") && provenance.contains("checkpointSha256"), provenance);
        assertTrue(provenance.contains("\"pretrainDataset\": \"" + EvalTestData.DATASET + "\""), provenance);
        float sum = 0;
        for (float v : npy.data()) {
            sum += v;
        }
        assertTrue(Float.isFinite(sum));
    }
}
