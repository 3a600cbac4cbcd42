package org.sigmappg.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.ImportRecipe;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.Recording;
import org.sigmappg.io.edf.EdfSignal;
import org.sigmappg.io.edf.EdfWriter;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.StudentParams;
import org.sigmappg.run.ParamOverrides;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.synth.SyntheticPpg;
import org.sigmappg.synth.SyntheticPpgParams;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.RunSettings;

/**
 * A small synthetic dataset for evaluation tests: subjects of the generator at known, different heart
 * rates, written as the sample set is (EDF+ with PLETH, a 1 Hz label file, a recipe of layout "sample"),
 * plus a per-subject table (mean heart rate, a "tachycardic"/"normal" group and a systolic pressure that
 * rises with the heart rate, 90 + HR / 2 mmHg) so subject labels, blood pressure included, can be tested too.
 */
final class EvalTestData {
    static final String DATASET = "synthetic";

    private EvalTestData() {
    }

    /** Heart rates of the subjects, one each. */
    static double[] heartRates(int subjects) {
        double[] hr = new double[subjects];
        for (int i = 0; i < subjects; i++) {
            hr[i] = 50 + 70.0 * i / Math.max(1, subjects - 1);
        }
        return hr;
    }

    /** The systolic pressure of a subject with heart rate {@code hr}, mmHg (one decimal in the table). */
    static double systolic(double hr) {
        return 90 + hr / 2;
    }

    /** Writes {@code subjects} recordings of {@code seconds} each and imports them as {@value #DATASET} with windows of {@code windowSeconds}. */
    static Workspace workspace(Path dir, int subjects, double seconds, double windowSeconds) throws IOException {
        return workspace(dir, subjects, seconds, windowSeconds, "sample");
    }

    /** The same, with the recipe naming the dataset's layout {@code layout}. */
    static Workspace workspace(Path dir, int subjects, double seconds, double windowSeconds, String layout) throws IOException {
        Path root = dir.resolve("source");
        Path recordings = Files.createDirectories(root.resolve("recordings"));
        double[] hr = heartRates(subjects);
        StringBuilder table = new StringBuilder("subject,mean_hr,group,sbp\n");
        for (int i = 0; i < subjects; i++) {
            String id = String.format(Locale.ROOT, "S%02d", i + 1);
            SyntheticPpgParams p = SyntheticPpgParams.healthyAdult(1000 + i).toBuilder().optMeanHeartRateBpm(hr[i]).optSamplingRateHz(64)
                    .optDurationSeconds(seconds).build();
            Recording r = SyntheticPpg.generate(p);
            List<EdfSignal> signals = List.of(EdfSignal.of(r.channel(SyntheticPpg.PLETH).orElseThrow()));
            EdfWriter.builder().setStart(LocalDateTime.of(2026, 1, 1, 9, 0, 0)).optPatient("X X X " + id).build()
                    .write(recordings.resolve(id + ".edf"), signals);
            Files.writeString(recordings.resolve(id + "_labels.csv"), labelCsv(r.labels()));
            table.append(id).append(',').append(String.format(Locale.ROOT, "%.2f", hr[i])).append(',')
                    .append(hr[i] >= 100 ? "tachycardic" : "normal").append(',').append(String.format(Locale.ROOT, "%.1f", systolic(hr[i])))
                    .append('\n');
        }
        Files.writeString(root.resolve("subjects.csv"), table.toString());
        ImportRecipe recipe = new ImportRecipe(1, layout, "evaluation test set", List.of("recordings/*.edf"), List.of(), null, "PLETH", null,
                null, null, null, "recordings/(S\\d+)\\.edf$", "{stem}_labels.csv", null,
                new ImportRecipe.SubjectTable("subjects.csv", null, "subject", Map.of("MeanHR", "mean_hr", "Group", "group", "SBP", "sbp")), windowSeconds);
        Files.writeString(root.resolve(ImportRecipe.FILE_NAME), recipe.toJson());
        Workspace ws = Workspace.open(dir.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(root, DATASET)).run(ProgressMonitor.NONE);
        return ws;
    }

    private static String labelCsv(List<LabelSeries> labels) {
        StringBuilder sb = new StringBuilder("time");
        for (LabelSeries ls : labels) {
            sb.append(',').append(ls.name());
        }
        sb.append('\n');
        for (int i = 0; i < labels.get(0).size(); i++) {
            sb.append(String.format(Locale.ROOT, "%.1f", labels.get(0).times()[i]));
            for (LabelSeries ls : labels) {
                sb.append(',').append(String.format(Locale.ROOT, "%.3f", ls.values()[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * A FINISHED pre-training run with a randomly initialised small student checkpoint, laid out as
     * {@link PretrainTask} leaves it (pointer file, checkpoint folder): tests of the backbone plumbing need a
     * run, not a trained model.
     */
    static String fakePretrainRun(Workspace ws, MaskingParams.Strategy masking, long seed) throws IOException {
        StudentParams s = ParamOverrides.apply(StudentParams.tiny(), List.of("transformer.width=32", "transformer.depth=1"),
                StudentParams::fromJson);
        s = s.withMasking(s.masking().withStrategy(masking));
        PretrainRunParams params = new PretrainRunParams(PretrainRunParams.VERSION, new RunSettings(DATASET, seed, 0.2, "window", "cpu"), "tok-none",
                "tiny", s, 0);
        RunStore runs = new RunStore(ws);
        // The dataset's content hash, as a real pre-training run records it.
        String hash = new Catalogue(ws).requireDataset(DATASET).manifestHash();
        String id = runs.create(new RunStore.NewRun(PretrainTask.KIND, "pre", DATASET, null, params.toJson(), seed, hash, null, "cpu",
                "test")).id();
        Path folder = Files.createDirectories(runs.runDirectory(id).resolve("ckpt-1"));
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) seed);
            StudentBlock student = new StudentBlock(s);
            student.initialize(manager);
            ModelCheckpoint.save(folder.resolve(PretrainTask.STUDENT), student, Map.of("run", id));
        }
        Files.writeString(runs.runDirectory(id).resolve(PretrainTask.POINTER),
                "{\"run\": \"" + id + "\", \"folder\": \"ckpt-1\", \"epoch\": 1, \"batch\": 0, \"step\": 1}");
        runs.markRunning(id);
        runs.finish(id, RunStatus.FINISHED, "test checkpoint", "{}");
        return id;
    }

    /** Subject names S01..Snn with {@code windows} window entries each, in interleaved order. */
    static List<String> interleavedWindows(int subjects, int windows) {
        List<String> out = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            for (int s = 1; s <= subjects; s++) {
                out.add(String.format(Locale.ROOT, "S%03d", s));
            }
        }
        return out;
    }
}
