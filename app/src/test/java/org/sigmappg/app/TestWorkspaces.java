package org.sigmappg.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;

/** Temporary workspaces for the tests, with the repository's sample data imported through the real import task. */
public final class TestWorkspaces {
    private TestWorkspaces() {
    }

    /** The repository's {@code sample-data} folder (from {@code sigmappg.repo.root}, which surefire sets, else {@code ..}). */
    public static Path sampleData() {
        Path p = repoRoot().resolve("sample-data");
        if (!Files.isRegularFile(p.resolve("sigma-ppg-dataset.json"))) {
            throw new IllegalStateException("no sample data at " + p + "; run the tests from the repository (or set -Dsigmappg.repo.root)");
        }
        return p;
    }

    /** The small reference-layout checkpoint core's tests commit (2 blocks, width 48: scripts/reference/make-fixture.sh). */
    public static Path referenceCheckpoint() {
        Path p = repoRoot().resolve("core/src/test/resources/reference/sigma-small.pth");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no reference checkpoint at " + p + "; run the tests from the repository (or set -Dsigmappg.repo.root)");
        }
        return p;
    }

    private static Path repoRoot() {
        String root = System.getProperty("sigmappg.repo.root");
        return (root != null && !root.isBlank() ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    /**
     * A new workspace in {@code dir} holding the real PPG-BP recordings of the shared data (219 subjects with their
     * blood pressure, hypertension class, age and sex) as the dataset {@code ppgbp}; the calling test is skipped,
     * saying where the data was looked for, when they are absent.
     */
    public static Workspace withPpgBp(Path dir) throws IOException {
        String shared = System.getProperty("sigmappg.shared.data");
        Path ppgbp = (shared != null && !shared.isBlank() ? Path.of(shared) : repoRoot().resolve("../shared/data")).resolve("ppg_bp")
                .toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(ppgbp), () -> "PPG-BP not found at " + ppgbp
                + " (put the shared data next to the checkout as ../shared/data, or set -Dsigmappg.shared.data=DIR)");
        Workspace ws = Workspace.open(dir);
        new ImportTask(ws, ImportRequest.of(ppgbp, "ppgbp")).run(ProgressMonitor.NONE);
        return ws;
    }

    /** A new workspace in {@code dir} holding the sample data as the dataset {@code sample}. */
    public static Workspace withSample(Path dir) throws IOException {
        Workspace ws = Workspace.open(dir);
        new ImportTask(ws, ImportRequest.of(sampleData(), "sample")).run(ProgressMonitor.NONE);
        return ws;
    }
}
