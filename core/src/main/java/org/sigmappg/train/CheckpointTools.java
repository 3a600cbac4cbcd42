package org.sigmappg.train;

import java.io.IOException;
import java.nio.file.Path;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** Verifies a run's checkpoint before use, against its own checksum and the SHA-256 its run recorded for it. */
public final class CheckpointTools {
    private CheckpointTools() {
    }

    /**
     * {@link ModelCheckpoint#verify(Path, String, ModelCheckpoint.Recorded) Verifies} {@code file}, a checkpoint of
     * run {@code runId}, with the size and SHA-256 of the artifact the run recorded at that path (a finished run's
     * models; the intermediate checkpoints of a stopped run have none and rely on their own checksum), naming it
     * relative to the workspace in messages.
     */
    public static ModelCheckpoint.Verified verify(Workspace workspace, String runId, Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        ModelCheckpoint.Recorded recorded = null;
        for (RunStore.Artifact a : new RunStore(workspace).artifacts(runId)) {
            if (a.path().toAbsolutePath().normalize().equals(absolute)) {
                recorded = new ModelCheckpoint.Recorded(a.sha256(), a.bytes());
            }
        }
        Path root = workspace.directory();
        String name = absolute.startsWith(root) ? root.relativize(absolute).toString().replace('\\', '/') : absolute.toString();
        return ModelCheckpoint.verify(file, name, recorded);
    }
}
