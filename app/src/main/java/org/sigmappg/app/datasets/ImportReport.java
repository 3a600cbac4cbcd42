package org.sigmappg.app.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.ImportResult;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;

/**
 * What the import report dialog shows, without JavaFX: a headline, the files that were skipped or that
 * stopped the import (file, place, problem), the warnings, and a hint on what to do next, all in the words
 * of the import form rather than of the command line.
 *
 * @param dataset the dataset's name
 * @param problems the files that could not be read, with where and why
 */
public record ImportReport(boolean succeeded, String dataset, String headline, List<Problem> problems, List<String> warnings,
                           String hint) {
    public ImportReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /**
     * One file that could not be read.
     *
     * @param where the place in the file (a line, a channel), empty when the problem is with the file as a whole
     */
    public record Problem(String file, String where, String what) {
    }

    /** The advice the core appends when the files other than the bad one could be imported, in the form's words. */
    private static final String SKIP_BAD_ADVICE = ImportForm.inFormWords("; add --skip-bad to import the rest");

    /** Whether any problem names a place inside its file (else the dialog leaves the "Where" column out). */
    public boolean hasPlaces() {
        return problems.stream().anyMatch(p -> !p.where().isEmpty());
    }

    /** The report of a finished import. */
    public static ImportReport of(ImportResult r) {
        List<Problem> problems = new ArrayList<>();
        for (DatasetInfo.SkippedFile s : r.skipped()) {
            problems.add(new Problem(s.path(), "", ImportForm.inFormWords(s.reason())));
        }
        String headline = String.format(Locale.ROOT, "Imported %s (%s): %d records, %d subjects, %d windows%s in %.1f s",
                r.dataset(), r.layout(), r.records(), r.subjects(), r.windows(),
                r.droppedWindows() > 0 ? " (" + r.droppedWindows() + " dropped)" : "", r.seconds())
                + (r.channelChoice() == null ? "" : ". " + ImportForm.inFormWords(capitalised(r.channelChoice())));
        String hint = problems.isEmpty() ? null
                : problems.size() + (problems.size() == 1 ? " file was" : " files were") + " skipped; the dataset holds the others.";
        return new ImportReport(true, r.dataset(), headline, problems, MessageTools.grouped(r.warnings()).stream().map(ImportForm::inFormWords).toList(), hint);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The report of an import that stopped; nothing was added to the workspace. */
    public static ImportReport failed(String dataset, Path source, Throwable error) {
        List<Problem> problems = new ArrayList<>();
        String hint = "Nothing was added to the workspace.";
        if (error instanceof ReadException re) {
            String what = ImportForm.inFormWords(re.problem());
            if (what.endsWith(SKIP_BAD_ADVICE)) {
                what = what.substring(0, what.length() - SKIP_BAD_ADVICE.length());
                hint += " Tick " + ImportForm.Choice.SKIP_BAD.quoted() + " to import the other files.";
            }
            problems.add(new Problem(relative(source, re.file()), re.location() == null ? "" : re.location(), what));
        } else {
            problems.add(new Problem(source == null ? "" : source.toString(), "", ImportForm.inFormWords(ErrorText.of(error))));
        }
        return new ImportReport(false, dataset, "The import of " + dataset + " stopped", problems, List.of(), hint);
    }

    /** A file as the user chose it: relative to the chosen folder, or the name alone when one file was chosen. */
    private static String relative(Path source, Path file) {
        if (file == null) {
            return source == null ? "" : source.toString();
        }
        if (source != null) {
            Path root = source.toAbsolutePath().normalize();
            Path f = file.toAbsolutePath().normalize();
            if (f.startsWith(root) && !f.equals(root)) {
                return root.relativize(f).toString();
            }
            if (f.equals(root) && f.getFileName() != null) {
                return f.getFileName().toString();
            }
        }
        return file.toString();
    }
}
