package org.sigmappg.io.edf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes EDF+C (continuous) files with 16-bit samples: signals at their own rates, each scaled by its
 * own physical and digital range, plus the EDF+ annotation signal that keeps time and carries
 * annotations. Used for the synthetic sample data and to test the reader.
 *
 * <p>Every signal must fill whole data records (rate x record duration samples each) and all signals
 * must last equally long, because EDF cannot pad a record without inventing samples. Physical limits
 * are rounded outwards to fit the 8-character header fields, and the samples are converted with the
 * limits as written, so a reader recovers each sample to within half a digital step.
 */
public final class EdfWriter {
    private static final DateTimeFormatter HEADER_DATE = DateTimeFormatter.ofPattern("dd.MM.yy", Locale.ROOT);
    private static final DateTimeFormatter HEADER_TIME = DateTimeFormatter.ofPattern("HH.mm.ss", Locale.ROOT);
    private static final DateTimeFormatter PLUS_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ENGLISH);
    private static final String ANNOTATIONS_LABEL = "EDF Annotations";
    private static final double WHOLE_SAMPLES_TOLERANCE = 1e-6;

    private final LocalDateTime start;
    private final String patient;
    private final String recording;
    private final double recordDuration;
    private final List<Annotation> annotations;

    private record Annotation(double onset, double duration, String text) {
    }

    private EdfWriter(Builder b) {
        this.start = b.start;
        this.patient = b.patient;
        this.recording = b.recording != null ? b.recording
                : "Startdate " + b.start.format(PLUS_DATE).toUpperCase(Locale.ROOT) + " X X X";
        this.recordDuration = b.recordDuration;
        this.annotations = List.copyOf(b.annotations);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes the signals to {@code file}; checks everything first, so a refused input leaves no file behind. */
    public void write(Path file, List<EdfSignal> signals) throws IOException {
        if (signals.isEmpty()) {
            throw new IllegalArgumentException("no signals to write");
        }
        int ns = signals.size() + 1;
        int[] spr = new int[ns];
        double[] physMin = new double[signals.size()];
        double[] physMax = new double[signals.size()];
        long records = -1;
        for (int s = 0; s < signals.size(); s++) {
            EdfSignal sig = signals.get(s);
            spr[s] = samplesPerRecord(sig);
            if (sig.samples().length % spr[s] != 0) {
                throw new IllegalArgumentException("signal " + sig.label() + ": " + sig.samples().length + " samples do not"
                        + " fill whole data records of " + spr[s] + " samples; trim the signal");
            }
            long n = sig.samples().length / spr[s];
            if (records >= 0 && n != records) {
                throw new IllegalArgumentException("signal " + sig.label() + " lasts " + n + " data records, but "
                        + signals.get(0).label() + " lasts " + records + "; EDF signals must last equally long");
            }
            records = n;
            physMin[s] = Double.parseDouble(number(sig.physicalMin(), RoundingMode.FLOOR, "physical minimum", sig));
            physMax[s] = Double.parseDouble(number(sig.physicalMax(), RoundingMode.CEILING, "physical maximum", sig));
            checkSamples(sig);
        }
        if (records == 0) {
            throw new IllegalArgumentException("the signals have no samples");
        }
        double subsecond = start.getNano() / 1e9;
        List<byte[]> tals = new ArrayList<>();
        int annotationBytes = 0;
        for (long r = 0; r < records; r++) {
            byte[] tal = recordTals(r, records, subsecond);
            tals.add(tal);
            annotationBytes = Math.max(annotationBytes, tal.length);
        }
        spr[ns - 1] = (annotationBytes + 1) / 2;

        StringBuilder header = new StringBuilder(256 * (ns + 1));
        field(header, "0", 8, "version");
        field(header, patient, 80, "patient");
        field(header, recording, 80, "recording");
        int year = start.getYear();
        if (year < 1985 || year > 2084) {
            throw new IllegalArgumentException("start year " + year + " is outside 1985-2084, which EDF's dd.mm.yy covers");
        }
        field(header, start.format(HEADER_DATE), 8, "start date");
        field(header, start.format(HEADER_TIME), 8, "start time");
        field(header, Integer.toString(256 * (ns + 1)), 8, "header bytes");
        field(header, "EDF+C", 44, "reserved");
        field(header, Long.toString(records), 8, "number of data records");
        field(header, number(recordDuration, RoundingMode.UNNECESSARY, "record duration", null), 8, "record duration");
        field(header, Integer.toString(ns), 4, "number of signals");
        for (int s = 0; s < ns; s++) {
            field(header, s < ns - 1 ? signals.get(s).label() : ANNOTATIONS_LABEL, 16, "label");
        }
        for (int s = 0; s < ns; s++) {
            field(header, s < ns - 1 ? signals.get(s).transducer() : "", 80, "transducer");
        }
        for (int s = 0; s < ns; s++) {
            field(header, s < ns - 1 ? signals.get(s).physicalDimension() : "", 8, "physical dimension");
        }
        for (int s = 0; s < ns; s++) {
            field(header, s < ns - 1 ? number(physMin[s], RoundingMode.FLOOR, "physical minimum", signals.get(s)) : "-1", 8,
                    "physical minimum");
        }
        for (int s = 0; s < ns; s++) {
            field(header, s < ns - 1 ? number(physMax[s], RoundingMode.CEILING, "physical maximum", signals.get(s)) : "1", 8,
                    "physical maximum");
        }
        for (int s = 0; s < ns; s++) {
            field(header, Integer.toString(s < ns - 1 ? signals.get(s).digitalMin() : Short.MIN_VALUE), 8, "digital minimum");
        }
        for (int s = 0; s < ns; s++) {
            field(header, Integer.toString(s < ns - 1 ? signals.get(s).digitalMax() : Short.MAX_VALUE), 8, "digital maximum");
        }
        for (int s = 0; s < ns; s++) {
            field(header, s < ns - 1 ? signals.get(s).prefiltering() : "", 80, "prefiltering");
        }
        for (int s = 0; s < ns; s++) {
            field(header, Integer.toString(spr[s]), 8, "samples per record");
        }
        for (int s = 0; s < ns; s++) {
            field(header, "", 32, "reserved");
        }

        int recordSamples = 0;
        for (int n : spr) {
            recordSamples += n;
        }
        ByteBuffer record = ByteBuffer.allocate(recordSamples * 2).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
            for (int r = 0; r < records; r++) {
                record.clear();
                for (int s = 0; s < ns - 1; s++) {
                    EdfSignal sig = signals.get(s);
                    double scale = (sig.digitalMax() - (double) sig.digitalMin()) / (physMax[s] - physMin[s]);
                    int from = r * spr[s];
                    for (int k = 0; k < spr[s]; k++) {
                        long digital = Math.round((sig.samples()[from + k] - physMin[s]) * scale + sig.digitalMin());
                        record.putShort((short) Math.max(sig.digitalMin(), Math.min(sig.digitalMax(), digital)));
                    }
                }
                byte[] tal = tals.get(r);
                record.put(tal);
                record.put(new byte[spr[ns - 1] * 2 - tal.length]);
                out.write(record.array());
            }
        }
    }

    private int samplesPerRecord(EdfSignal sig) {
        double exact = sig.fs() * recordDuration;
        long whole = Math.round(exact);
        if (whole < 1 || Math.abs(exact - whole) > WHOLE_SAMPLES_TOLERANCE * exact) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "signal %s: %s Hz x %s s records is %.6g samples"
                    + " per record, not a whole number; choose a record duration that is", sig.label(), sig.fs(),
                    recordDuration, exact));
        }
        return Math.toIntExact(whole);
    }

    private static void checkSamples(EdfSignal sig) {
        float[] v = sig.samples();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= sig.physicalMin() && v[i] <= sig.physicalMax())) {
                throw new IllegalArgumentException("signal " + sig.label() + ": sample " + i + " is " + v[i]
                        + (Float.isNaN(v[i]) ? " (EDF has no missing value; fill or cut it)" : ", outside the physical range "
                        + sig.physicalMin() + " to " + sig.physicalMax()));
            }
        }
    }

    /** The TALs of data record {@code r}: its time-keeping onset, then the annotations whose onset falls in it. */
    private byte[] recordTals(long r, long records, double subsecond) {
        StringBuilder tal = new StringBuilder();
        double begin = r * recordDuration;
        tal.append(onset(subsecond + begin)).append("\u0014\u0014\u0000");
        for (Annotation a : annotations) {
            boolean inRecord = (a.onset() >= begin || r == 0) && (a.onset() < begin + recordDuration || r == records - 1);
            if (inRecord) {
                tal.append(onset(subsecond + a.onset()));
                if (!Double.isNaN(a.duration())) {
                    tal.append('\u0015').append(plain(a.duration()));
                }
                tal.append('\u0014').append(a.text()).append("\u0014\u0000");
            }
        }
        return tal.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String onset(double seconds) {
        return (seconds < 0 ? "" : "+") + plain(seconds);
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The shortest decimal of at most 8 characters for {@code v}, rounded in the given direction. */
    private static String number(double v, RoundingMode rounding, String what, EdfSignal sig) {
        String plain = plain(v);
        for (int scale = 8; plain.length() > 8 && scale >= 0 && rounding != RoundingMode.UNNECESSARY; scale--) {
            plain = BigDecimal.valueOf(v).setScale(scale, rounding).stripTrailingZeros().toPlainString();
        }
        if (plain.length() > 8) {
            throw new IllegalArgumentException((sig == null ? "" : "signal " + sig.label() + ": ") + what + " " + v
                    + " does not fit the 8 characters of its EDF header field");
        }
        return plain;
    }

    private static void field(StringBuilder header, String value, int width, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 32 || c > 126) {
                throw new IllegalArgumentException(what + " '" + value + "' has a character that is not printable ASCII");
            }
        }
        if (value.length() > width) {
            throw new IllegalArgumentException(what + " '" + value + "' is longer than its " + width + " characters");
        }
        header.append(value).append(" ".repeat(width - value.length()));
    }

    /** Settings of an {@link EdfWriter}: the start is required, the rest optional. */
    public static final class Builder {
        private LocalDateTime start;
        private String patient = "X X X X";
        private String recording;
        private double recordDuration = 1.0;
        private final List<Annotation> annotations = new ArrayList<>();

        private Builder() {
        }

        /** Local clock time of the first sample (EDF stores no time zone). */
        public Builder setStart(LocalDateTime start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /** EDF+ patient identification "code sex birthdate name"; default "X X X X" (anonymous). */
        public Builder optPatient(String patient) {
            this.patient = Objects.requireNonNull(patient, "patient");
            return this;
        }

        /** EDF+ recording identification; default "Startdate dd-MMM-yyyy X X X". */
        public Builder optRecording(String recording) {
            this.recording = Objects.requireNonNull(recording, "recording");
            return this;
        }

        /** Seconds per data record; default 1. */
        public Builder optRecordDuration(double seconds) {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("record duration must be positive, got " + seconds);
            }
            this.recordDuration = seconds;
            return this;
        }

        /** An annotation {@code onset} seconds after the first sample, lasting {@code duration} seconds (NaN: not given). */
        public Builder optAnnotation(double onset, double duration, String text) {
            Objects.requireNonNull(text, "text");
            if (text.contains("\u0014") || text.contains("\u0000") || text.contains("\u0015")) {
                throw new IllegalArgumentException("annotation text must not contain the EDF+ separators 0x00, 0x14, 0x15");
            }
            annotations.add(new Annotation(onset, duration, text));
            return this;
        }

        public EdfWriter build() {
            if (start == null) {
                throw new IllegalStateException("setStart is required");
            }
            return new EdfWriter(this);
        }
    }
}
