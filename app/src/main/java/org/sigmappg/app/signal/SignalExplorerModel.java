package org.sigmappg.app.signal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sigmappg.app.charts.TickFormat;
import org.sigmappg.app.charts.TimeFormat;
import org.sigmappg.data.Catalogue;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.labels.PhysiologicalRanges;

/**
 * What the signal explorer shows, without JavaFX: the visible range, which trace and label are on, the
 * decimated points for a plot of a given width, the value ranges of the axes, and the texts of the header
 * and of the patch under the mouse.
 */
public final class SignalExplorerModel {
    /** Which signal the waveform shows. */
    public enum Trace {
        RAW("Raw"), FILTERED("Filtered");

        private final String label;

        Trace(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Patch lines are drawn only when patches are at least this many pixels apart. */
    public static final double MIN_PATCH_GRID_PIXELS = 8;
    /** Labels shown first when a record has them, in this order. */
    private static final List<String> PREFERRED_LABELS = List.of("SpO2", "HR", "RR");

    private final RecordSignals signals;
    private final Viewport viewport;
    private final Map<Trace, MinMaxDecimator> traces = new EnumMap<>(Trace.class);
    private final Map<String, MinMaxDecimator> labelDecimators = new HashMap<>();
    private Trace trace = Trace.RAW;
    private String label;
    private CodeTrack codes;
    private MaskTrack masks;

    public SignalExplorerModel(RecordSignals signals) {
        this.signals = signals;
        double minSpan = Math.max(0.25, 8 / Math.min(signals.rawFs(), signals.filteredFs()));
        this.viewport = new Viewport(0, signals.durationSeconds(), minSpan);
        this.label = defaultLabel(signals.labels());
        if (signals.raw().length == 0) {
            trace = Trace.FILTERED;
        }
    }

    private static String defaultLabel(List<LabelSeries> labels) {
        for (String name : PREFERRED_LABELS) {
            for (LabelSeries ls : labels) {
                if (ls.name().equalsIgnoreCase(name)) {
                    return ls.name();
                }
            }
        }
        return labels.isEmpty() ? null : labels.get(0).name();
    }

    public RecordSignals signals() {
        return signals;
    }

    public Viewport viewport() {
        return viewport;
    }

    public Trace trace() {
        return trace;
    }

    public void setTrace(Trace t) {
        trace = t;
    }

    /** Whether {@code t} has samples (a record may lack its raw copy). */
    public boolean hasTrace(Trace t) {
        return samples(t).length > 0;
    }

    /** The label series shown as the second trace, or null for none. */
    public String label() {
        return label;
    }

    public void setLabel(String name) {
        label = name;
    }

    /** The codes shown in the code band, or null. */
    public CodeTrack codes() {
        return codes;
    }

    public void setCodes(CodeTrack track) {
        codes = track;
    }

    /** The teacher's masks shown in the mask band, or null. */
    public MaskTrack masks() {
        return masks;
    }

    public void setMasks(MaskTrack track) {
        masks = track;
    }

    public List<String> labelNames() {
        return signals.labels().stream().map(LabelSeries::name).toList();
    }

    /** The unit of a label, from the series or the table of physiological ranges; empty if unknown. */
    public String labelUnit(String name) {
        Optional<LabelSeries> ls = series(name);
        if (ls.isPresent() && !ls.get().unit().isEmpty()) {
            return ls.get().unit();
        }
        return PhysiologicalRanges.DEFAULT.find(name).map(PhysiologicalRanges.Range::unit).orElse("");
    }

    private Optional<LabelSeries> series(String name) {
        return signals.labels().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    private float[] samples(Trace t) {
        return t == Trace.RAW ? signals.raw() : signals.filtered();
    }

    /** Sampling rate of the shown trace. */
    public double traceFs() {
        return trace == Trace.RAW ? signals.rawFs() : signals.filteredFs();
    }

    private MinMaxDecimator decimator(Trace t) {
        return traces.computeIfAbsent(t, k -> MinMaxDecimator.uniform(samples(k), k == Trace.RAW ? signals.rawFs() : signals.filteredFs(), 0));
    }

    /**
     * Builds the block summaries of both traces now (a pass over every sample; tens of milliseconds for a day),
     * so the loading thread pays for them rather than the JavaFX thread on first use.
     */
    public SignalExplorerModel prepare() {
        for (Trace t : Trace.values()) {
            if (hasTrace(t)) {
                decimator(t);
            }
        }
        return this;
    }

    /** The waveform points for a plot {@code columns} pixels wide over the visible range. */
    public MinMaxDecimator.Envelope waveform(int columns, MinMaxDecimator.Envelope reuse) {
        return decimator(trace).decimate(viewport.start(), viewport.end(), Math.max(1, columns), reuse);
    }

    /** The points of the shown label series over the visible range, or empty when none is shown. */
    public Optional<MinMaxDecimator.Envelope> labelTrace(int columns, MinMaxDecimator.Envelope reuse) {
        if (label == null) {
            return Optional.empty();
        }
        Optional<LabelSeries> ls = series(label);
        if (ls.isEmpty()) {
            return Optional.empty();
        }
        MinMaxDecimator d = labelDecimators.computeIfAbsent(label, k -> {
            double[] v = ls.get().values();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return MinMaxDecimator.atTimes(ls.get().times(), f);
        });
        return Optional.of(d.decimate(viewport.start(), viewport.end(), Math.max(1, columns), reuse));
    }

    /** A value range of an axis. */
    public record Range(double min, double max) {
    }

    /**
     * The y range of the waveform: the values outside flat, clipped and missing stretches (which are shaded, and
     * would otherwise squash the signal to a line: a clipped stretch sits at the converter's limit), with a little
     * room above and {@code bottomReserve} (a fraction of the plot height) free below for the prior band. When
     * the view shows only flagged signal, all of it sets the range.
     */
    public Range waveformRange(MinMaxDecimator.Envelope env, double bottomReserve) {
        PatchTrack p = signals.patches();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[] xs = env.xs();
        double[] ys = env.ys();
        for (int i = 0; i < env.size(); i++) {
            double v = ys[i];
            // A patch is flagged only when enough of it is flat or clipped, so the excursion can begin in the patch
            // before a flagged stretch: one patch either side is left out too.
            double t = xs[i];
            if (!Double.isNaN(v) && !p.flaggedAt(t) && !p.flaggedAt(t - p.patchSeconds()) && !p.flaggedAt(t + p.patchSeconds())) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi >= lo)) {
            lo = env.min();
            hi = env.max();
        }
        return yRange(lo, hi, bottomReserve, 0);
    }

    /**
     * The y range of the shown label: its values, but never narrower than a tenth of the label's plausible
     * range (SpO2 from 96 to 97 % must not fill the plot as if it swung widely).
     */
    public Range labelRange(MinMaxDecimator.Envelope env, double bottomReserve) {
        double minSpan = label == null ? 0 : PhysiologicalRanges.DEFAULT.find(label).map(r -> (r.max() - r.min()) / 10).orElse(0.0);
        return yRange(env.min(), env.max(), bottomReserve, minSpan);
    }

    /**
     * A y range showing {@code [lo, hi]} with 4 % room on either side, at least {@code minSpan} wide, and
     * {@code bottomReserve} of the plot height left free below it.
     */
    static Range yRange(double lo, double hi, double bottomReserve, double minSpan) {
        if (!(hi >= lo)) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < minSpan) {
            double mid = (hi + lo) / 2;
            lo = mid - minSpan / 2;
            hi = mid + minSpan / 2;
        }
        if (!(hi > lo)) {
            double pad = Math.max(1e-6, Math.abs(lo) * 0.05 + 0.5);
            lo -= pad;
            hi += pad;
        }
        double span = hi - lo;
        hi += span * 0.04;
        lo -= span * 0.04;
        double reserve = Math.max(0, Math.min(0.6, bottomReserve));
        lo -= (hi - lo) * reserve / (1 - reserve);
        return new Range(lo, hi);
    }

    /** Whether patches are far enough apart on screen to draw the 1 s patch grid. */
    public boolean patchGridVisible(double widthPixels) {
        return signals.patches().patchSeconds() / viewport.span() * widthPixels >= MIN_PATCH_GRID_PIXELS;
    }

    /** A label of the record or of its subject as the page shows it ("SBP 141 mmHg"), with why the import flagged it, if it did. */
    public record LabelText(String name, String text, String flag) {
    }

    /** Labels that describe the person, shown before the others. */
    private static final List<String> DEMOGRAPHICS = List.of("sex", "gender", "age", "height", "weight", "bmi");

    /** The labels of the record's subject: demographics first (sex, age, height, weight, BMI), then the rest as stored. */
    public List<LabelText> subjectLabels() {
        return labelTexts(signals.subjectLabels());
    }

    /** The labels stored for the record itself (alarm type, true or false alarm, ...). */
    public List<LabelText> recordLabels() {
        return labelTexts(signals.recordLabels());
    }

    private static List<LabelText> labelTexts(Map<String, Catalogue.LabelValue> labels) {
        List<LabelText> out = new ArrayList<>();
        for (Catalogue.LabelValue v : labels.values()) {
            String value = v.value() != null ? number(v.value()) : v.text() == null ? "" : v.text();
            String unit = v.value() == null ? "" : PhysiologicalRanges.DEFAULT.find(v.name()).map(PhysiologicalRanges.Range::unit).orElse("");
            out.add(new LabelText(v.name(), v.name() + " " + value + (unit.isEmpty() ? "" : " " + unit), v.flag()));
        }
        out.sort(Comparator.comparingInt(l -> {
            int i = DEMOGRAPHICS.indexOf(l.name().toLowerCase(Locale.ROOT));
            return i < 0 ? DEMOGRAPHICS.size() : i;
        }));
        return out;
    }

    /** A label's number as a table shows it: one decimal, none when it rounds to a whole number (141, 27.3). */
    private static String number(double v) {
        return TickFormat.number(v, Math.abs(v - Math.rint(v)) < 0.05 ? 0 : 1);
    }

    /** How the record's times read: seconds for a record under a minute, a clock for longer ones. */
    public TimeFormat.Style timeStyle() {
        return TimeFormat.Style.of(viewport.fullEnd());
    }

    /** The line above the chart: record, subject, rates, length, QC counts. */
    public String header() {
        RecordSignals s = signals;
        PatchTrack p = s.patches();
        return String.format(Locale.ROOT, "record %s   subject %s   %s %s Hz \u2192 %s Hz   %s   %d windows, %d patches   "
                        + "QC: %d flat, %d clipped, %d missing samples (%d flat, %d clipped, %d missing patches)",
                s.record(), s.subject(), s.channel(), rate(s.rawFs()), rate(s.filteredFs()), TimeFormat.duration(s.durationSeconds()),
                p.windows().size(), p.size(), s.rawCounts().flat(), s.rawCounts().clipped(), s.rawCounts().missing(),
                p.count(PatchTrack.Qc.FLAT), p.count(PatchTrack.Qc.CLIPPED), p.count(PatchTrack.Qc.MISSING));
    }

    private static String rate(double fs) {
        return fs == Math.rint(fs) ? Long.toString((long) fs) : String.format(Locale.ROOT, "%.2f", fs);
    }

    /** The visible range in words, e.g. {@code 2:00 – 2:30 of 10:00 (30 s shown)}, or {@code 0.5 – 1.5 s of 2.1 s} for a short record. */
    public String rangeText() {
        double span = viewport.span();
        TimeFormat.Style style = timeStyle();
        String end = style == TimeFormat.Style.SECONDS ? TimeFormat.duration(viewport.fullEnd()) : TimeFormat.clock(viewport.fullEnd(), 0);
        return TimeFormat.approximately(viewport.start(), span, style) + " \u2013 " + TimeFormat.approximately(viewport.end(), span, style)
                + (style == TimeFormat.Style.SECONDS ? " s" : "") + " of " + end + "  (" + TimeFormat.duration(span) + " shown)";
    }

    /** The numbers of the patch at time {@code t}, or a note when no patch covers it. */
    public String readout(double t) {
        PatchTrack p = signals.patches();
        int i = p.indexAt(t);
        if (i < 0) {
            return String.format(Locale.ROOT, "%s: no patch here (outside the model windows)", TimeFormat.clock(t, 1));
        }
        StringBuilder qc = new StringBuilder();
        for (PatchTrack.Qc kind : PatchTrack.Qc.values()) {
            if (p.has(i, kind)) {
                qc.append(qc.length() > 0 ? "+" : "").append(kind.label());
            }
        }
        if (p.padded(i)) {
            qc.append(qc.length() > 0 ? "+" : "").append("padded");
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "window %d  patch %d  %s\u2013%s   std %.4f   skewness %.3f   A %.3f   S %.3f   P %.3f   QC %s",
                p.window(i), p.patchInWindow(i), TimeFormat.clock(p.start(i), 1), TimeFormat.clock(p.end(i), 1), p.std(i),
                p.skewness(i), p.amplitude(i), p.morphology(i), p.prior(i), qc.length() == 0 ? "ok" : qc));
        if (codes != null) {
            int c = codes.code(i);
            text.append(c < 0 ? "   code \u2014" : String.format(Locale.ROOT, "   code %d (%,d in the dataset)", c, codes.count(c)));
        }
        if (masks != null && !Double.isNaN(masks.probability(i))) {
            text.append(String.format(Locale.ROOT, "   mask p %.2f, %s", masks.probability(i),
                    masks.mask(i) != 1 ? "visible" : masks.correct(i) == 1 ? "masked, student right" : "masked, student wrong"));
        }
        return text.toString();
    }
}
