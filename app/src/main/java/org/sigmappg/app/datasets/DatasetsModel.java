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
     * @param subjectLabels the labels of the record's subject (e.g. SBP, Hypertension, Age, Sex)
     */
    public record RecordRow(RecordInfo info, Map<String, Double> windowLabels, Map<String, Catalogue.LabelValue> recordLabels,
                            Map<String, Catalogue.LabelValue> subjectLabels) {
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
        /** The subject labels the records table shows beside the records' own (those a record label of the same name does not hide). */
        public List<String> subjectLabelsOfRecords() {
            return subjectLabelNames.stream().filter(n -> !recordLabelNames.contains(n)).toList();
        }
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
            RecordRow row = new RecordRow(r, means, rl, subjectLabels.getOrDefault(r.subject(), Map.of()));
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
     * The filter over records and subjects. Text that occurs as it is (ignoring case) in some cell of the dataset
     * is looked for as that phrase, so "Stage 2" finds the stage 2 hypertensives and not a stage 1 subject with a
     * 2 elsewhere in the row; other text matches a row when each of its words occurs in one of the row's cells
     * ("edf pleth"). A record's cells include its subject's labels, so a filter that finds a subject finds its
     * records; with {@code qcOnly} a row must also have flagged samples.
     */
    public record Filter(String phrase, List<String> words, boolean qcOnly) {
        public Filter {
            words = List.copyOf(words);
        }

        /** The filter for {@code text} over the rows of {@code detail}. */
        public static Filter of(String text, boolean qcOnly, Detail detail) {
            String norm = text == null ? "" : String.join(" ", text.trim().toLowerCase(Locale.ROOT).split("\\s+"));
            if (norm.isEmpty()) {
                return new Filter(null, List.of(), qcOnly);
            }
            List<String> words = List.of(norm.split(" "));
            boolean asPhrase = words.size() > 1
                    && (detail.records().stream().anyMatch(r -> anyContains(cells(r), norm))
                    || detail.subjects().stream().anyMatch(s -> anyContains(cells(s), norm)));
            return new Filter(asPhrase ? norm : null, words, qcOnly);
        }

        public boolean matches(RecordRow row) {
            return (!qcOnly || row.hasQcIssues()) && matches(cells(row));
        }

        public boolean matches(SubjectRow row) {
            return (!qcOnly || row.hasQcIssues()) && matches(cells(row));
        }

        private boolean matches(List<String> cells) {
            if (phrase != null) {
                return anyContains(cells, phrase);
            }
            return words.stream().allMatch(w -> anyContains(cells, w));
        }

        private static boolean anyContains(List<String> cells, String text) {
            for (String c : cells) {
                if (c.toLowerCase(Locale.ROOT).contains(text)) {
                    return true;
                }
            }
            return false;
        }

        private static List<String> cells(RecordRow row) {
            RecordInfo r = row.info();
            List<String> cells = new ArrayList<>(List.of(r.name(), r.subject(), r.format(), r.channel()));
            row.recordLabels().values().forEach(v -> cells.add(labelText(v)));
            row.subjectLabels().values().forEach(v -> cells.add(labelText(v)));
            return cells;
        }

        private static List<String> cells(SubjectRow row) {
            List<String> cells = new ArrayList<>(List.of(row.subject()));
            row.labels().values().forEach(v -> cells.add(labelText(v)));
            return cells;
        }
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
