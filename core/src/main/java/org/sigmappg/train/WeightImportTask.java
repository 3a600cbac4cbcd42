package org.sigmappg.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.torch.SafeTensorsFile;
import org.sigmappg.io.torch.StateDict;
import org.sigmappg.io.torch.TorchCheckpoint;
import org.sigmappg.io.torch.TorchTensor;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.ReferenceLayout;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * Imports published SIGMA-PPG weights (a {@code torch.save} checkpoint such as the authors' {@code sigma.pth}, or a
 * {@code .safetensors} file) as a finished run of kind {@value #KIND}: its student is usable wherever a pre-training
 * run's is ({@code evaluate --methods sigma:RUN}, {@code finetune}, {@code embed}). The file is read without Python and
 * without running anything in it ({@link TorchCheckpoint}); its tensors are mapped onto our student by
 * {@link ReferenceLayout}, which refuses a missing backbone tensor or a wrong shape by name. All or nothing: a failed
 * import leaves no run behind.
 */
public final class WeightImportTask {
    public static final String KIND = "imported";
    /** The student checkpoint inside the run's folder. */
    public static final String STUDENT = "student.ckpt";
    /** The table of what was loaded, ignored and missing, beside the checkpoint. */
    public static final String REPORT = "import-report.json";
    /** A patch length in a checkpoint's arguments: {@code patch_size=100}, a model name's {@code _patch100_}, or our export's metadata. */
    private static final Pattern PATCH_IN_ARGS = Pattern.compile("\\bpatch_size=(\\d+)\\b|_patch(\\d+)_|\"patch_samples\":\"(\\d+)\"");

    private final Workspace workspace;
    private final RunStore runs;

    public WeightImportTask(Workspace workspace) {
        this.workspace = workspace;
        this.runs = new RunStore(workspace);
    }

    /** What the import did. */
    public record Result(String run, ImportedWeightsParams params, ReferenceLayout.Conversion conversion, long parameters) {
    }

    /**
     * Imports {@code file}.
     *
     * @param name a label for the run, or null
     * @param patchSamples samples per patch the weights were trained on, or null to read it from the checkpoint's own
     *     arguments ({@code patch_size}, or the model name's {@code patchNNN}) and else take the published model's 100
     */
    public Result run(Path file, String name, Integer patchSamples, ProgressMonitor monitor) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ReadException(file, null, Files.isDirectory(file) ? "is a folder, not a weights file" : "no such file");
        }
        monitor.begin("reading " + file.getFileName(), 3);
        String sha256 = FileTools.sha256(file);
        Map<String, TorchTensor> tensors;
        String format;
        String location;
        String args = null;
        if (SafeTensorsFile.isSafeTensors(file)) {
            SafeTensorsFile st = SafeTensorsFile.read(file);
            tensors = st.tensors();
            format = "safetensors";
            location = "safetensors";
            args = st.metadata().isEmpty() ? null : new Gson().toJson(st.metadata());
        } else {
            TorchCheckpoint checkpoint = TorchCheckpoint.read(file);
            StateDict state = checkpoint.stateDict();
            tensors = state.tensors();
            format = "pytorch";
            location = state.location();
            args = checkpoint.argsText().orElse(null);
        }
        monitor.worked(1);
        int patch = patchSamples != null ? patchSamples : patchFromArgs(args).orElse(ReferenceLayout.REFERENCE_PATCH_SAMPLES);
        ReferenceLayout.Conversion conversion;
        try {
            conversion = ReferenceLayout.fromReference(tensors, patch);
        } catch (IllegalArgumentException e) {
            throw new ReadException(file, null, e.getMessage(), e);
        }
        monitor.worked(1);
        ImportedWeightsParams params = new ImportedWeightsParams(ImportedWeightsParams.VERSION, name, file.getFileName().toString(), sha256,
                format, location, args, conversion.params());
        String command = "sigma-ppg import-weights " + file.getFileName() + (name == null ? "" : " --name " + name)
                + (patchSamples == null ? "" : " --patch-samples " + patchSamples);
        RunInfo info = runs.create(new RunStore.NewRun(KIND, "imp", null, null, params.toJson(), null, null, null, null, command));
        try {
            runs.markRunning(info.id());
            Path dir = runs.runDirectory(info.id());
            long count;
            try (NDManager manager = NDManager.newBaseManager(DeviceChoice.CPU.device())) {
                StudentBlock student = new StudentBlock(conversion.params());
                student.initialize(manager);
                conversion.applyTo(student);
                count = student.backboneParameterCount();
                ModelCheckpoint.save(dir.resolve(STUDENT), student, Map.of("run", info.id(), "source", file.getFileName().toString(),
                        "sourceSha256", sha256));
            }
            runs.addArtifact(info.id(), "student", "student", dir.resolve(STUDENT));
            FileTools.writeStringAtomically(dir.resolve(REPORT), new Gson().toJson(report(conversion)));
            runs.addArtifact(info.id(), "import-report", "report", dir.resolve(REPORT));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("run", info.id());
            summary.put("source", file.getFileName().toString());
            summary.put("sha256", sha256);
            summary.put("loaded", conversion.loaded().size());
            summary.put("ignored", conversion.ignored().size());
            summary.put("missing", conversion.missing());
            summary.put("backbone_parameters", count);
            runs.finish(info.id(), RunStatus.FINISHED, "imported " + conversion.loaded().size() + " tensors from " + file.getFileName(),
                    new Gson().toJson(summary));
            monitor.worked(1);
            return new Result(info.id(), params, conversion, count);
        } catch (IOException | RuntimeException e) {
            runs.delete(info.id());
            throw e;
        }
    }

    /** The student checkpoint of imported run {@code runId}. */
    public static Path studentCheckpoint(Workspace workspace, String runId) {
        return workspace.runsDirectory().resolve(runId).resolve(STUDENT);
    }

    /** The loaded / ignored / missing table as plain data (the run's report and {@code --json}). */
    public static Map<String, Object> report(ReferenceLayout.Conversion c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loaded", c.loaded());
        m.put("ignored", c.ignored());
        m.put("missing", c.missing());
        return m;
    }

    /** The patch length the checkpoint's training arguments (or a safetensors file's metadata) name. */
    static Optional<Integer> patchFromArgs(String args) {
        if (args == null) {
            return Optional.empty();
        }
        Matcher m = PATCH_IN_ARGS.matcher(args);
        while (m.find()) {
            String g = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            int v = Integer.parseInt(g);
            if (v > 1 && v < 100_000) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
