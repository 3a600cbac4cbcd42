package org.sigmappg.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One comparator of an evaluation, as written on the command line: {@code sigma:RUN} (the SIGMA-PPG
 * backbone, an adversarial pre-training run), {@code random-masking:RUN} (a pre-training run with random
 * masks), {@code pretrained:RUN} (any pre-training run), {@code scratch} (the same architecture randomly
 * initialised), {@code features} (classic waveform features, {@link ClassicFeatures}) or {@code trivial}
 * (the training-fold mean or class prior). Every comparator goes through the same splits and protocol.
 *
 * @param kind which comparator
 * @param run the pre-training run for backbone comparators, else null
 */
public record MethodSpec(Kind kind, String run) {
    /** The comparators. */
    public enum Kind {
        TRIVIAL("trivial"),
        FEATURES("features"),
        SCRATCH("scratch"),
        SIGMA("sigma"),
        RANDOM_MASKING("random-masking"),
        PRETRAINED("pretrained");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether the comparator is a pre-trained backbone (and needs a run). */
        public boolean needsRun() {
            return this == SIGMA || this == RANDOM_MASKING || this == PRETRAINED;
        }
    }

    public MethodSpec {
        if (kind == null) {
            throw new IllegalArgumentException("a method needs a kind");
        }
        if (kind.needsRun() && (run == null || run.isBlank())) {
            throw new IllegalArgumentException("method " + kind.label() + " needs a pre-training run: " + kind.label() + ":RUN (e.g. "
                    + kind.label() + ":pre-0001)");
        }
        if (!kind.needsRun() && run != null) {
            throw new IllegalArgumentException("method " + kind.label() + " takes no run; write it as '" + kind.label() + "'");
        }
    }

    /** Parses one method, e.g. {@code sigma:pre-0001} or {@code features}. */
    public static MethodSpec parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String name = (colon < 0 ? t : t.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String run = colon < 0 ? null : t.substring(colon + 1).trim();
        for (Kind k : Kind.values()) {
            if (k.label.equals(name)) {
                return new MethodSpec(k, run);
            }
        }
        throw new IllegalArgumentException("unknown method '" + text + "'; use sigma:RUN, random-masking:RUN, pretrained:RUN, scratch, "
                + "features or trivial");
    }

    /** Parses a comma-separated list; {@code trivial} is added first when missing, and duplicates are refused. */
    public static List<MethodSpec> parseList(String csv) {
        List<MethodSpec> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            MethodSpec m = parse(part);
            if (out.stream().anyMatch(o -> o.name().equals(m.name()))) {
                throw new IllegalArgumentException("method " + m.name() + " is listed twice");
            }
            out.add(m);
        }
        return withTrivialFirst(out);
    }

    /** The methods with {@code trivial} first (added when missing): every method is reported against it. */
    public static List<MethodSpec> withTrivialFirst(List<MethodSpec> methods) {
        List<MethodSpec> out = new ArrayList<>();
        out.add(new MethodSpec(Kind.TRIVIAL, null));
        for (MethodSpec m : methods) {
            if (m.kind() != Kind.TRIVIAL) {
                out.add(m);
            }
        }
        return out;
    }

    /** The name results and reports use: the kind, or e.g. {@code pretrained:pre-0003}. */
    public String name() {
        return kind == Kind.PRETRAINED ? kind.label + ":" + run : kind.label;
    }

    /** The text that parses back to this method. */
    public String spec() {
        return run == null ? kind.label : kind.label + ":" + run;
    }
}
