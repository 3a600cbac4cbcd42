package org.sigmappg.app.datasets;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sigmappg.data.ImportRequest;

/**
 * The fields of the import form as typed, checked before an import may start, and turned into the same
 * {@link ImportRequest} the {@code import} command builds. No JavaFX here.
 */
public final class ImportForm {
    /** The form's fields, for placing a problem next to its field. */
    public enum Field { SOURCE, NAME, FS, CHANNEL, SUBJECT_PATTERN, WINDOW_SECONDS }

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

    private static String trim(String v) {
        return v == null ? "" : v.trim();
    }

    /** Whether a dataset with the typed name exists already. */
    public boolean nameTaken() {
        return existingNames.contains(name);
    }

    /** Every problem with the form as it is; empty when the import may start. */
    public List<Problem> validate() {
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
        return new ImportRequest(Path.of(source), name, null, fs.isEmpty() ? null : parse(fs), channel.isEmpty() ? null : channel,
                subjectPattern.isEmpty() ? null : subjectPattern, windowSeconds.isEmpty() ? null : parse(windowSeconds),
                null, null, skipBad, replace && nameTaken(), null, false);
    }

    /** The name the form proposes for a source: its file or folder name, made a valid dataset name. */
    public static String suggestName(Path source) {
        if (source == null || source.getFileName() == null) {
            return "";
        }
        String base = source.getFileName().toString();
        int dot = base.lastIndexOf('.');
        if (dot > 0 && !Files.isDirectory(source)) {
            base = base.substring(0, dot);
        }
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "").toLowerCase(Locale.ROOT);
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
