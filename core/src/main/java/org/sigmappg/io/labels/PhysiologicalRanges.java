package org.sigmappg.io.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.text.ColumnHeader;

/**
 * Plausible ranges of the common labels (SpO2, systolic and diastolic blood pressure, heart rate,
 * respiratory rate), used to flag values outside them, a typing error or a sensor fault, so that the
 * import can warn; flagged values are reported, never dropped or changed.
 */
public final class PhysiologicalRanges {
    /** The ranges the import checks by default. */
    public static final PhysiologicalRanges DEFAULT = new PhysiologicalRanges(List.of(
            new Range("SpO2", "%", 50, 100, List.of("spo2", "sao2", "sp_o2", "oxygen_saturation", "o2_saturation", "o2sat")),
            new Range("SBP", "mmHg", 50, 260, List.of("sbp", "systolic", "systolic_bp", "systolic_blood_pressure",
                    "systolic_pressure", "sys", "nbp_sys", "nibp_sys", "abp_sys")),
            new Range("DBP", "mmHg", 20, 160, List.of("dbp", "diastolic", "diastolic_bp", "diastolic_blood_pressure",
                    "diastolic_pressure", "dia", "nbp_dia", "nibp_dia", "abp_dia")),
            new Range("HR", "bpm", 20, 250, List.of("hr", "heart_rate", "heartrate", "pulse", "pulse_rate", "pr", "bpm")),
            new Range("RR", "/min", 2, 70, List.of("rr", "resp_rate", "respiratory_rate", "respiration_rate",
                    "breathing_rate", "br", "resp"))));

    private final List<Range> ranges;

    public PhysiologicalRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * A plausible range of one label.
     *
     * @param label the label's short name ("SBP")
     * @param unit the unit the limits are in
     * @param min smallest plausible value
     * @param max largest plausible value
     * @param names normalised column names that mean this label ("systolic_blood_pressure")
     */
    public record Range(String label, String unit, double min, double max, List<String> names) {
        public Range {
            names = List.copyOf(names);
        }

        public boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    /**
     * A value outside its plausible range.
     *
     * @param column the column or series as named in the file
     * @param range the range it falls outside
     * @param index its position in the series or table (0-based)
     * @param at where it is, for people: "subject 17" or "t = 12.5 s"
     * @param value the value
     */
    public record OutOfRange(String column, Range range, int index, String at, double value) {
        public String message() {
            return String.format(Locale.ROOT, "%s = %s %s at %s is outside the plausible %s range %s to %s %s", column,
                    fmt(value), range.unit(), at, range.label(), fmt(range.min()), fmt(range.max()), range.unit());
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    public List<Range> ranges() {
        return ranges;
    }

    /** The range for a column or series name ("Systolic Blood Pressure(mmHg)", "SpO2", "HR"), if it is a known label. */
    public Optional<Range> find(String name) {
        String key = ColumnHeader.normalise(ColumnHeader.parse(name).name());
        for (Range r : ranges) {
            if (r.names().contains(key) || ColumnHeader.normalise(r.label()).equals(key)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The values of a label series outside the range its name implies; empty for a name without a range. NaN is missing, not flagged. */
    public List<OutOfRange> check(LabelSeries series) {
        List<OutOfRange> out = new ArrayList<>();
        find(series.name()).ifPresent(range -> {
            for (int i = 0; i < series.size(); i++) {
                double v = series.values()[i];
                if (!Double.isNaN(v) && !range.contains(v)) {
                    out.add(new OutOfRange(series.name(), range, i, String.format(Locale.ROOT, "t = %.3f s",
                            series.times()[i]), v));
                }
            }
        });
        return out;
    }

    /** The values in every column of a label table that has a known range and lie outside it, by subject. */
    public List<OutOfRange> check(LabelTable table) throws ReadException {
        List<OutOfRange> out = new ArrayList<>();
        for (ColumnHeader column : table.columns()) {
            Optional<Range> range = find(column.written());
            if (range.isEmpty() || column.equals(table.idColumn())) {
                continue;
            }
            List<LabelTable.Row> rows = table.rows();
            for (int i = 0; i < rows.size(); i++) {
                LabelTable.Value v = rows.get(i).value(column.written());
                if (v.numeric() && !Double.isNaN(v.number()) && !range.get().contains(v.number())) {
                    out.add(new OutOfRange(column.written(), range.get(), i, "subject " + rows.get(i).subject(), v.number()));
                }
            }
        }
        return out;
    }
}
