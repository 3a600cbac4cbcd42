package org.sigmappg.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.data.ImportRecipe;
import org.sigmappg.io.Channel;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.Recording;
import org.sigmappg.io.edf.EdfSignal;
import org.sigmappg.io.edf.EdfWriter;
import org.sigmappg.run.FileTools;

/**
 * The bundled sample set: a dozen synthetic subjects (healthy, tachycardic, elderly, atrial fibrillation,
 * poor signal quality, desaturation) written as a pulse oximeter would export them: one EDF+ file per
 * subject with PLETH, RED and IR, a 1 Hz label file beside it (HR, RR, SpO2, AF, QUALITY), and the import
 * recipe that describes the layout. Deterministic: the same files for the same version.
 */
public final class SampleSet {
    /** Sampling rate of the files, as wrist and finger devices commonly record. */
    public static final double FS = 64;
    /** Length of each subject's recording. */
    public static final double SECONDS = 600;
    /** Window length of the sample dataset: shorter than the 240 s default so demos train in minutes. */
    public static final double WINDOW_SECONDS = 60;

    private SampleSet() {
    }

    /** One synthetic subject: its id and generator parameters. */
    public record Subject(String id, SyntheticPpgParams params) {
    }

    /** The subjects of the sample set, each with its own seed. */
    public static List<Subject> subjects() {
        List<Subject> s = new ArrayList<>();
        s.add(subject("S01", SyntheticPpgParams.healthyAdult(101).toBuilder().optMeanHeartRateBpm(58).optRespiratoryRatePerMin(12)));
        s.add(subject("S02", SyntheticPpgParams.healthyAdult(102).toBuilder().optMeanHeartRateBpm(66).optRespiratoryRatePerMin(15)));
        s.add(subject("S03", SyntheticPpgParams.healthyAdult(103).toBuilder().optMeanHeartRateBpm(75).optRespiratoryRatePerMin(18)));
        s.add(subject("S04", SyntheticPpgParams.sinusTachycardia(104).toBuilder()));
        s.add(subject("S05", SyntheticPpgParams.elderlyAdult(105).toBuilder()));
        // Persistent AF over the whole recording, and a paroxysm in the middle of another one.
        s.add(subject("S06", SyntheticPpgParams.atrialFibrillation(106).toBuilder().optAfOnsetSeconds(0).optAfDurationSeconds(SECONDS)));
        s.add(subject("S07", SyntheticPpgParams.atrialFibrillation(107).toBuilder().optMeanHeartRateBpm(88)
                .optAfOnsetSeconds(180).optAfDurationSeconds(300)));
        s.add(subject("S08", SyntheticPpgParams.lowQuality(108).toBuilder()));
        s.add(subject("S09", SyntheticPpgParams.lowQuality(109).toBuilder().optMeanHeartRateBpm(92)));
        s.add(subject("S10", SyntheticPpgParams.desaturation(110).toBuilder()));
        s.add(subject("S11", SyntheticPpgParams.healthyAdult(111).toBuilder().optMeanHeartRateBpm(92).optRespiratoryRatePerMin(22)));
        s.add(subject("S12", SyntheticPpgParams.desaturation(112).toBuilder().optMeanHeartRateBpm(70).optSpo2Percent(94)));
        return s;
    }

    private static Subject subject(String id, SyntheticPpgParams.Builder b) {
        return new Subject(id, b.optSamplingRateHz(FS).optDurationSeconds(SECONDS).build());
    }

    /**
     * {@code count} subjects of {@code seconds} each: the sample set's twelve in turn, each round with new seeds (a larger
     * synthetic archive, e.g. for benchmarks); twelve of 600 s are the sample set itself.
     */
    public static List<Subject> subjects(int count, double seconds) {
        List<Subject> base = subjects();
        List<Subject> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SyntheticPpgParams p = base.get(i % base.size()).params();
            long seed = p.seed() + 1000L * (i / base.size());
            out.add(new Subject(String.format(Locale.ROOT, "S%02d", i + 1),
                    p.toBuilder().optSeed(seed).optDurationSeconds(seconds).build()));
        }
        return out;
    }

    /** The recipe written next to the files; the importer recognises the set by it. */
    public static ImportRecipe recipe() {
        return recipe(12, SECONDS);
    }

    private static ImportRecipe recipe(int count, double seconds) {
        String length = seconds % 3600 == 0 ? (long) (seconds / 3600) + " h" : Math.round(seconds / 60) + " min";
        return new ImportRecipe(1, "sample", "SIGMA-PPG synthetic sample set: " + count + " subjects x " + length
                + ", PLETH/RED/IR at 64 Hz, 1 Hz labels",
                List.of("recordings/*.edf"), List.of(), null, "PLETH", null, null, null, null, "recordings/(S\\d+)\\.edf$",
                "{stem}_labels.csv", null, null, WINDOW_SECONDS);
    }

    /** Writes the set into {@code dir} (recordings/ and the recipe), replacing earlier files of the same names. */
    public static Map<String, Object> write(Path dir) throws IOException {
        return write(dir, 12, SECONDS);
    }

    /** Writes {@link #subjects(int, double)} as the sample set is written. */
    public static Map<String, Object> write(Path dir, int count, double seconds) throws IOException {
        Path rec = Files.createDirectories(dir.resolve("recordings"));
        long bytes = 0;
        List<String> written = new ArrayList<>();
        for (Subject s : subjects(count, seconds)) {
            Recording r = SyntheticPpg.generate(s.params());
            List<EdfSignal> signals = new ArrayList<>();
            for (String name : List.of(SyntheticPpg.PLETH, SyntheticPpg.RED, SyntheticPpg.IR)) {
                Channel c = r.channel(name).orElseThrow();
                signals.add(EdfSignal.of(c));
            }
            Path edf = rec.resolve(s.id() + ".edf");
            Path tmp = rec.resolve("." + s.id() + ".edf.tmp");
            EdfWriter.builder().setStart(LocalDateTime.of(2026, 1, 1, 9, 0, 0))
                    .optPatient("X X X " + s.id())
                    .optRecording("Startdate 01-JAN-2026 X SIGMA-PPG synthetic " + s.params().preset() + " seed " + s.params().seed())
                    .build().write(tmp, signals);
            FileTools.moveAtomically(tmp, edf);
            Path labels = rec.resolve(s.id() + "_labels.csv");
            FileTools.writeStringAtomically(labels, labelCsv(r.labels()));
            bytes += Files.size(edf) + Files.size(labels);
            written.add(s.id());
        }
        FileTools.writeStringAtomically(dir.resolve(ImportRecipe.FILE_NAME), recipe(count, seconds).toJson() + "\n");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folder", dir.toAbsolutePath().toString());
        out.put("subjects", written);
        out.put("bytes", bytes);
        return out;
    }

    /** The 1 Hz labels as CSV: a time column in seconds, then one column per label. */
    static String labelCsv(List<LabelSeries> labels) {
        StringBuilder sb = new StringBuilder("time");
        for (LabelSeries ls : labels) {
            sb.append(',').append(ls.name());
        }
        sb.append('\n');
        int n = labels.get(0).size();
        for (int i = 0; i < n; i++) {
            sb.append(String.format(Locale.ROOT, "%.1f", labels.get(0).times()[i]));
            for (LabelSeries ls : labels) {
                double v = ls.values()[i];
                sb.append(',').append(v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
