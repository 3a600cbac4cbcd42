package org.sigmappg.eval;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.io.torch.SafeTensorsFile;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.ReferenceLayout;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.run.Workspace;

/**
 * Writes a run's student (pre-trained or imported) as a {@code .safetensors} file in the reference's key names
 * ({@link ReferenceLayout#toReference}), which the reference's pre-training model loads with {@code load_state_dict} and
 * {@code import-weights} reads back. Where the reference would compute something else with these weights (a student
 * with per-patch group-norm statistics, say), the differences are written into the file's metadata and returned.
 */
public final class WeightExport {
    private WeightExport() {
    }

    /** What was written, and why the reference would not reproduce the student exactly (empty when it would). */
    public record Summary(String run, Path file, int tensors, List<String> differences) {
    }

    /** Writes run {@code runId}'s student to {@code out} (a {@code .safetensors} ending is added when missing), atomically. */
    public static Summary export(Workspace workspace, String runId, Path out) throws IOException {
        String name = out.getFileName().toString();
        Path file = name.toLowerCase(Locale.ROOT).endsWith(".safetensors") ? out : out.resolveSibling(name + ".safetensors");
        BackboneSource backbone = BackboneSource.pretrained(workspace, runId, null);
        try (NDManager manager = NDManager.newBaseManager(DeviceChoice.CPU.device())) {
            StudentBlock student = backbone.create(manager);
            var tensors = ReferenceLayout.toReference(student);
            List<String> differences = ReferenceLayout.referenceDifferences(student.params());
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("format", "sigma-ppg reference student/1");
            metadata.put("run", runId);
            metadata.put("origin", backbone.origin());
            metadata.put("checkpoint_sha256", backbone.checkpointSha256());
            metadata.put("patch_samples", Integer.toString(student.params().patchSamples()));
            metadata.put("student", student.params().architecture());
            metadata.put("exact", Boolean.toString(differences.isEmpty()));
            if (!differences.isEmpty()) {
                metadata.put("differences", String.join("; ", differences));
            }
            new SafeTensorsFile(tensors, metadata).write(file);
            return new Summary(runId, file, tensors.size(), differences);
        }
    }
}
