package org.sigmappg.app.datasets;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sigmappg.data.ImportRequest;

/**
 * The fields of the import form as typed, checked before an import may start (with what a look at the chosen
 * files found), and turned into the same {@link ImportRequest} the {@code import} command builds; the core's
 * messages, written for the command line, are put in the form's words. No JavaFX here.
 */
public final class ImportForm {
    /** The form's fields, for placing a problem next to its field, with their labels and the command-line options they stand for. */
    public enum Field {
        SOURCE("Source", null), NAME("Dataset name", "--name"), FS("Sampling rate (Hz)", "--fs"), CHANNEL("PPG channel", "--channel"),
        SUBJECT_PATTERN("Subject pattern", "--subject-pattern"), WINDOW_SECONDS("Window length (s)", "--window-seconds");

        private final String label;
        private final String option;

        Field(String label, String option) {
            this.label = label;
            this.option = option;
        }

        public String label() {
            return label;
        }
    }

    /** The form's check boxes, with the command-line flags they stand for. */
    public enum Choice {
        SKIP_BAD("Skip files that cannot be read", " (and list them)", "--skip-bad"),
        REPLACE("Replace the existing dataset of this name", "", "--replace"),
        FOLLOW_LINKS("Follow links out of the folder", " (symbolic links that lead elsewhere)", "--follow-links");

        private final String name;
        private final String detail;
        private final String flag;

        Choice(String name, String detail, String flag) {
            this.name = name;
            this.detail = detail;
            this.flag = flag;
        }

        /** The check box's text. */
        public String label() {
            return name + detail;
        }

        /** How a message names the check box. */
        public String quoted() {
            return "\u201c" + name + "\u201d";
        }
    }

    /** Something that keeps the import from starting. */
    public record Problem(Field field, String message) {
    }

    /** The dataset name rule of the import (letters, digits, '.', '_', '-'; starting with a letter or digit). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final double MAX_FS = 1_000_000;

    private String source = "";
    private String name = "";
    private String fs = "";
    private String channel = "";
    private String subjectPattern = "";
    private String windowSeconds = "";
    private boolean skipBad;
    private boolean replace;
    private boolean followLinks;
    private ImportPreview preview;
    private final Set<String> existingNames;

    /** @param existingNames the datasets already in the workspace (a new import must not reuse a name unless replacing) */
    public ImportForm(Set<String> existingNames) {
        this.existingNames = Set.copyOf(existingNames);
    }

    public ImportForm source(String v) {
        source = trim(v);
        return this;
    }

    public ImportForm name(String v) {
        name = trim(v);
        return this;
    }

    public ImportForm fs(String v) {
        fs = trim(v);
        return this;
    }

    public ImportForm channel(String v) {
        channel = trim(v);
        return this;
    }

    public ImportForm subjectPattern(String v) {
        subjectPattern = v == null ? "" : v.strip();
        return this;
    }

    public ImportForm windowSeconds(String v) {
        windowSeconds = trim(v);
        return this;
    }

    public ImportForm skipBad(boolean v) {
        skipBad = v;
        return this;
    }

    public ImportForm replace(boolean v) {
        replace = v;
        return this;
    }

    public ImportForm followLinks(boolean v) {
        followLinks = v;
        return this;
    }

    /** What a look at the chosen files found; without one (null) the form is checked on what was typed alone. */
    public ImportForm preview(ImportPreview v) {
        preview = v;
        return this;
    }

    private static String trim(String v) {
        return v == null ? "" : v.trim();
    }

    /** Whether a dataset with the typed name exists already. */
    public boolean nameTaken() {
        return existingNames.contains(name);
    }

    /** Every problem with the form as it is, with what the look at the chosen files found; empty when nothing is wrong. */
    public List<Problem> validate() {
        List<Problem> out = typedProblems();
        if (preview != null && out.stream().noneMatch(p -> p.field() == Field.SOURCE)) {
            preview.problem(skipBad).ifPresent(m -> out.add(new Problem(Field.SOURCE, m)));
        }
        return out;
    }

    private List<Problem> typedProblems() {
        List<Problem> out = new ArrayList<>();
        if (source.isEmpty()) {
            out.add(new Problem(Field.SOURCE, "choose a file or folder to import"));
        } else {
            try {
                if (!Files.exists(Path.of(source))) {
                    out.add(new Problem(Field.SOURCE, "no file or folder " + source));
                }
            } catch (InvalidPathException e) {
                out.add(new Problem(Field.SOURCE, "not a valid path: " + source));
            }
        }
        if (name.isEmpty()) {
            out.add(new Problem(Field.NAME, "give the dataset a name"));
        } else if (!NAME.matcher(name).matches()) {
            out.add(new Problem(Field.NAME, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        } else if (nameTaken() && !replace) {
            out.add(new Problem(Field.NAME, "a dataset named " + name + " exists; choose another name or tick Replace"));
        }
        if (!fs.isEmpty()) {
            Double v = parse(fs);
            if (v == null || !(v > 0) || v > MAX_FS) {
                out.add(new Problem(Field.FS, "the sampling rate is a number of Hz above 0, e.g. 125"));
            }
        }
        if (!subjectPattern.isEmpty()) {
            try {
                if (Pattern.compile(subjectPattern).matcher("").groupCount() < 1) {
                    out.add(new Problem(Field.SUBJECT_PATTERN, "the pattern needs a group in brackets for the subject id, e.g. ([0-9]+)_"));
                }
            } catch (PatternSyntaxException e) {
                out.add(new Problem(Field.SUBJECT_PATTERN, "not a valid regular expression: " + e.getDescription()));
            }
        }
        if (!windowSeconds.isEmpty()) {
            Double v = parse(windowSeconds);
            if (v == null || !(v >= 1) || v != Math.rint(v) || v > 86_400) {
                out.add(new Problem(Field.WINDOW_SECONDS, "the window length is a whole number of seconds (patches are 1 s), e.g. 240"));
            }
        }
        return out;
    }

    /**
     * Whether the import may start: nothing is wrong and, where the chosen files are being looked at, the look
     * has finished (an import that its own preview would refuse is never started).
     */
    public boolean ready() {
        return validate().isEmpty() && (preview == null || preview.status() == ImportPreview.Status.READY);
    }

    /**
     * The request to look at the chosen files with (the options that decide which files are read, under a
     * placeholder name), or empty while the source or those options are not valid.
     */
    public java.util.Optional<ImportRequest> previewRequest() {
        boolean blocked = typedProblems().stream().anyMatch(p -> p.field() != Field.NAME);
        return blocked ? java.util.Optional.empty() : java.util.Optional.of(request("preview", false));
    }

    private static Double parse(String s) {
        try {
            return Double.parseDouble(s.replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The import request; only for a form without problems. */
    public ImportRequest toRequest() {
        List<Problem> problems = validate();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.get(0).message());
        }
        return request(name, replace && nameTaken());
    }

    private ImportRequest request(String datasetName, boolean replacing) {
        return new ImportRequest(Path.of(source), datasetName, null, fs.isEmpty() ? null : parse(fs), channel.isEmpty() ? null : channel,
                subjectPattern.isEmpty() ? null : subjectPattern, windowSeconds.isEmpty() ? null : parse(windowSeconds),
                null, null, skipBad, replacing, null, followLinks);
    }

    /** An option on the command line, with the placeholder or value that may follow it. */
    private static final Pattern OPTION = Pattern.compile("(add )?(--[a-z][a-z-]*)(?: ([A-Z]+|[0-9][0-9.]*))?");

    /**
     * A message of the import, which speaks to the command line ("add --skip-bad", "give it with --fs HZ, e.g.
     * --fs 100"), in the form's words: the check box to tick or the field to fill in. Options the form does not
     * offer are left as they are.
     */
    public static String inFormWords(String message) {
        if (message == null) {
            return "";
        }
        Matcher m = OPTION.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = formWords(m.group(1) != null, m.group(2), m.group(3));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String formWords(boolean add, String option, String argument) {
        for (Choice c : Choice.values()) {
            if (c.flag.equals(option)) {
                return (add ? "tick " : "") + c.quoted() + (argument != null ? " " + argument : "");
            }
        }
        for (Field f : Field.values()) {
            if (option.equals(f.option)) {
                // A placeholder (HZ, NAME) stands for the field; a value (--fs 100) is what to type into it.
                String field = (add ? "fill in " : "") + "\u201c" + f.label + "\u201d";
                return argument == null || argument.equals(argument.toUpperCase(Locale.ROOT)) && !Character.isDigit(argument.charAt(0))
                        ? field : argument;
            }
        }
        return null;
    }
}
