package org.sigmappg.app.datasets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowInfo;

/**
 * The records and subjects of one dataset as the datasets view lists them, read from the catalogue off the
 * JavaFX thread, and the filter that narrows them. No JavaFX here.
 */
public final class DatasetsModel {
    private DatasetsModel() {
    }

    /**
     * One record row.
     *
     * @param windowLabels mean of each window label over the record's windows (e.g. HR, SpO2)
     * @param recordLabels labels stored for the record itself (e.g. from a WFDB header)
     */
    public record RecordRow(RecordInfo info, Map<String, Double> windowLabels, Map<String, Catalogue.LabelValue> recordLabels) {
        /** Share of the raw samples flagged flat, clipped or missing. */
        public double flaggedFraction() {
            long n = info.samples();
            return n > 0 ? (double) (info.flatSamples() + info.clippedSamples() + info.missingSamples()) / n : 0;
        }

        /** Whether QC flagged any sample. */
        public boolean hasQcIssues() {
            return info.flatSamples() + info.clippedSamples() + info.missingSamples() > 0;
        }
    }

    /** One subject row: how much data it has and its labels (SBP, DBP, HR, Hypertension, ...). */
    public record SubjectRow(String subject, int records, int windows, double seconds, Map<String, Catalogue.LabelValue> labels,
                             boolean hasQcIssues) {
    }

    /** A dataset's rows and the label columns they need. */
    public record Detail(DatasetInfo dataset, List<RecordRow> records, List<SubjectRow> subjects,
                         List<String> windowLabelNames, List<String> recordLabelNames, List<String> subjectLabelNames) {
    }

    /** Reads the rows of {@code dataset}. */
    public static Detail load(Catalogue catalogue, DatasetInfo dataset) throws IOException {
        List<RecordInfo> records = catalogue.records(dataset.id());
        Map<String, Map<String, Catalogue.LabelValue>> recordLabels = catalogue.recordLabels(dataset.id());
        Map<String, Map<String, Catalogue.LabelValue>> subjectLabels = catalogue.subjectLabels(dataset.id());
        Map<Long, Map<String, Double>> byWindow = catalogue.windowLabels(dataset.id());
        Map<Long, Map<String, double[]>> sums = new LinkedHashMap<>();
        Set<String> windowLabelNames = new LinkedHashSet<>();
        for (WindowInfo w : catalogue.windowsOfDataset(dataset.id())) {
            Map<String, Double> labels = byWindow.get(w.id());
            if (labels == null) {
                continue;
            }
            Map<String, double[]> s = sums.computeIfAbsent(w.recordId(), k -> new LinkedHashMap<>());
            for (Map.Entry<String, Double> e : labels.entrySet()) {
                if (e.getValue() != null && Double.isFinite(e.getValue())) {
                    double[] acc = s.computeIfAbsent(e.getKey(), k -> new double[2]);
                    acc[0] += e.getValue();
                    acc[1]++;
                    windowLabelNames.add(e.getKey());
                }
            }
        }
        List<RecordRow> rows = new ArrayList<>();
        Set<String> recordLabelNames = new LinkedHashSet<>();
        Map<String, SubjectAcc> subjects = new LinkedHashMap<>();
        for (RecordInfo r : records) {
            Map<String, Double> means = new LinkedHashMap<>();
            sums.getOrDefault(r.id(), Map.of()).forEach((k, v) -> means.put(k, v[0] / v[1]));
            Map<String, Catalogue.LabelValue> rl = recordLabels.getOrDefault(r.name(), Map.of());
            recordLabelNames.addAll(rl.keySet());
            RecordRow row = new RecordRow(r, means, rl);
            rows.add(row);
            SubjectAcc acc = subjects.computeIfAbsent(r.subject(), k -> new SubjectAcc());
            acc.records++;
            acc.windows += r.windows();
            acc.seconds += r.durationSeconds();
            acc.qc |= row.hasQcIssues();
        }
        Set<String> subjectLabelNames = new LinkedHashSet<>();
        List<SubjectRow> subjectRows = new ArrayList<>();
        for (Map.Entry<String, SubjectAcc> e : subjects.entrySet()) {
            Map<String, Catalogue.LabelValue> labels = subjectLabels.getOrDefault(e.getKey(), Map.of());
            subjectLabelNames.addAll(labels.keySet());
            SubjectAcc a = e.getValue();
            subjectRows.add(new SubjectRow(e.getKey(), a.records, a.windows, a.seconds, labels, a.qc));
        }
        rows.sort(java.util.Comparator.comparing((RecordRow r) -> r.info().subject(), NaturalOrder.INSTANCE)
                .thenComparing(r -> r.info().name(), NaturalOrder.INSTANCE));
        subjectRows.sort(java.util.Comparator.comparing(SubjectRow::subject, NaturalOrder.INSTANCE));
        return new Detail(dataset, rows, subjectRows, List.copyOf(windowLabelNames), List.copyOf(recordLabelNames),
                List.copyOf(subjectLabelNames));
    }

    private static final class SubjectAcc {
        int records;
        int windows;
        double seconds;
        boolean qc;
    }

    /**
     * Whether a record matches the filter: every word of {@code text} must occur (ignoring case) in the record's
     * name, subject, format, channel or one of its label values; with {@code qcOnly} the record must also have
     * flagged samples.
     */
    public static boolean matches(RecordRow row, String text, boolean qcOnly) {
        if (qcOnly && !row.hasQcIssues()) {
            return false;
        }
        RecordInfo r = row.info();
        List<String> fields = new ArrayList<>(List.of(r.name(), r.subject(), r.format(), r.channel()));
        row.recordLabels().values().forEach(v -> fields.add(labelText(v)));
        return allWordsIn(text, fields);
    }

    /** Whether a subject matches the filter: every word occurs in its name or one of its label values. */
    public static boolean matches(SubjectRow row, String text, boolean qcOnly) {
        if (qcOnly && !row.hasQcIssues()) {
            return false;
        }
        List<String> fields = new ArrayList<>(List.of(row.subject()));
        row.labels().values().forEach(v -> fields.add(labelText(v)));
        return allWordsIn(text, fields);
    }

    private static boolean allWordsIn(String text, List<String> fields) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String hay = String.join("\u0000", fields).toLowerCase(Locale.ROOT);
        for (String word : text.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!hay.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /** A label value as shown in a cell: the text of a categorical label, else the number without needless decimals. */
    public static String labelText(Catalogue.LabelValue v) {
        if (v == null) {
            return "";
        }
        if (v.value() == null) {
            return v.text() == null ? "" : v.text();
        }
        return number(v.value());
    }

    /** A number with at most one decimal, none when it rounds to a whole number. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return "";
        }
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Whether every value of a label column is a number (then it is right-aligned and sorted as numbers). */
    public static boolean numericLabel(List<Catalogue.LabelValue> values) {
        return values.stream().allMatch(v -> v == null || v.value() != null);
    }
}
