package org.sigmappg.eval;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One comparator of an evaluation, as written on the command line: {@code sigma:RUN} (the SIGMA-PPG
 * backbone, an adversarial pre-training run), {@code random-masking:RUN} (a pre-training run with random
 * masks), {@code pretrained:RUN} (any pre-training run), {@code scratch} (the same architecture randomly
 * initialised), {@code features} (classic waveform features, {@link ClassicFeatures}), {@code embeddings:FILE.npy}
 * (embeddings computed outside the workbench, {@link EmbeddingFile}), {@code ratio-of-ratios:A/B} (the pulse
 * oximeter's ratio of the perfusion indices of PPG channels A and B, linearly calibrated on the training subjects) or
 * {@code trivial} (the training-fold mean or class frequencies). Every comparator goes through the same splits and
 * protocol.
 *
 * @param kind which comparator
 * @param argument the pre-training run of a backbone comparator, the file of {@code embeddings}, the two channels of
 *        {@code ratio-of-ratios} ("RED/IR"), else null
 */
public record MethodSpec(Kind kind, String argument) {
    /** The comparators. */
    public enum Kind {
        TRIVIAL("trivial"),
        FEATURES("features"),
        SCRATCH("scratch"),
        SIGMA("sigma"),
        RANDOM_MASKING("random-masking"),
        PRETRAINED("pretrained"),
        EMBEDDINGS("embeddings"),
        RATIO_OF_RATIOS("ratio-of-ratios");

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

        /**
         * Whether the comparator ranks units by its scores. Trivial does not: it gives every unit of a fold the
         * same prediction, so it ranks no unit above another (its AUROC is 0.5 and its AUPRC the prevalence).
         */
        public boolean ranksUnits() {
            return this != TRIVIAL;
        }
    }

    public MethodSpec {
        if (kind == null) {
            throw new IllegalArgumentException("a method needs a kind");
        }
        if (kind.needsRun() && (argument == null || argument.isBlank())) {
            throw new IllegalArgumentException("method " + kind.label() + " needs a pre-training run: " + kind.label() + ":RUN (e.g. "
                    + kind.label() + ":pre-0001)");
        }
        if (kind == Kind.EMBEDDINGS) {
            if (argument == null || !argument.toLowerCase(Locale.ROOT).endsWith(".npy")) {
                throw new IllegalArgumentException("method embeddings needs the path of a .npy file with FILE.ids.csv beside it: "
                        + "embeddings:FILE.npy (e.g. embeddings:papagei.npy)" + (argument == null ? "" : ", not '" + argument + "'"));
            }
            try {
                Path.of(argument);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("embeddings:" + argument + " is not a usable file path (" + e.getReason() + ")");
            }
        } else if (kind == Kind.RATIO_OF_RATIOS) {
            String[] parts = argument == null ? new String[0] : argument.split("/", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("method ratio-of-ratios needs two PPG channels, the numerator's and the "
                        + "denominator's: ratio-of-ratios:A/B (e.g. ratio-of-ratios:RED/IR)" + (argument == null ? "" : ", not '" + argument + "'"));
            }
            if (parts[0].strip().equalsIgnoreCase(parts[1].strip())) {
                throw new IllegalArgumentException("ratio-of-ratios:" + argument + " divides a channel by itself; name two channels, "
                        + "like ratio-of-ratios:RED/IR");
            }
        } else if (!kind.needsRun() && argument != null) {
            throw new IllegalArgumentException("method " + kind.label() + " takes no run; write it as '" + kind.label() + "'");
        }
    }

    /** The pre-training run of a backbone comparator, else null. */
    public String run() {
        return kind.needsRun() ? argument : null;
    }

    /** The two channels of {@code ratio-of-ratios}, numerator first, else null. */
    public List<String> channels() {
        if (kind != Kind.RATIO_OF_RATIOS) {
            return null;
        }
        String[] parts = argument.split("/", -1);
        return List.of(parts[0].strip(), parts[1].strip());
    }

    /** The embeddings file of {@code embeddings}, else null. */
    public Path file() {
        return kind == Kind.EMBEDDINGS ? Path.of(argument) : null;
    }

    /** This method with its embeddings file made absolute (from the working folder), so that the stored run can be repeated anywhere. */
    public MethodSpec withAbsoluteFile() {
        return kind == Kind.EMBEDDINGS ? new MethodSpec(kind, file().toAbsolutePath().normalize().toString()) : this;
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
                + "features, embeddings:FILE.npy, ratio-of-ratios:A/B or trivial");
    }

    /** Parses a comma-separated list; {@code trivial} is added first when missing, and duplicates are refused. */
    public static List<MethodSpec> parseList(String csv) {
        List<MethodSpec> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            MethodSpec m = parse(part);
            for (MethodSpec o : out) {
                if (o.name().equals(m.name())) {
                    throw new IllegalArgumentException(o.spec().equals(m.spec()) ? "method " + m.name() + " is listed twice"
                            : "methods " + o.spec() + " and " + m.spec() + " would both be reported as " + m.name() + "; give the files "
                            + "different names");
                }
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

    /** The name results and reports use: the kind, or e.g. {@code pretrained:pre-0003} or {@code embeddings:papagei.npy}. */
    public String name() {
        return switch (kind) {
            case PRETRAINED -> kind.label + ":" + argument;
            case EMBEDDINGS -> kind.label + ":" + file().getFileName();
            case RATIO_OF_RATIOS -> kind.label + ":" + String.join("/", channels());
            default -> kind.label;
        };
    }

    /** The text that parses back to this method. */
    public String spec() {
        return argument == null ? kind.label : kind.label + ":" + argument;
    }
}
