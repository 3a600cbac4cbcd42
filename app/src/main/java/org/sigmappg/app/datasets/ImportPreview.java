package org.sigmappg.app.datasets;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.ImportPlan;
import org.sigmappg.data.ImportPlanner;
import org.sigmappg.data.ImportRecipe;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;

/**
 * What the import form found in the chosen file or folder before importing: the layout, how many recordings it
 * will read and which files it cannot, or why nothing there can be imported. The import refuses what this
 * refuses, so the form keeps Import disabled on it. No JavaFX here.
 *
 * @param layout the detected or given layout, with its description
 * @param problems the files that will not be read, with why (relative to the chosen folder)
 * @param failure why nothing can be imported, in the form's words; null unless {@link Status#FAILED}
 */
public record ImportPreview(Status status, String layout, int recordings, List<DatasetInfo.SkippedFile> problems, String failure) {
    public ImportPreview {
        problems = List.copyOf(problems);
    }

    /** How far the look at the files has come. */
    public enum Status {
        /** The files are being looked at. */
        LOOKING,
        /** The look finished: {@code recordings} will be read. */
        READY,
        /** Nothing there can be imported as asked. */
        FAILED
    }

    /** The preview while the files are being looked at. */
    public static ImportPreview looking() {
        return new ImportPreview(Status.LOOKING, "", 0, List.of(), null);
    }

    /** Looks at the files {@code request} would import (reads folder listings and the layout's headers: call it off the JavaFX thread). */
    public static ImportPreview of(ImportRequest request) {
        try {
            ImportRecipe recipe = ImportTask.resolveRecipe(request);
            ImportPlan plan = ImportPlanner.plan(request.source(), recipe, request.followLinks());
            String layout = recipe.layout() + (recipe.description().isEmpty() ? "" : " (" + recipe.description() + ")");
            return new ImportPreview(Status.READY, layout, plan.sources().size(), plan.problems(), null);
        } catch (IOException | RuntimeException e) {
            return new ImportPreview(Status.FAILED, "", 0, List.of(), ImportForm.inFormWords(ErrorText.of(e)));
        }
    }

    /** The note under the source field. */
    public String text() {
        return switch (status) {
            case LOOKING -> "Looking at the files\u2026";
            case FAILED -> "Nothing here can be imported as it is (see below).";
            case READY -> "Layout " + layout + ": " + count(recordings, "recording")
                    + (problems.isEmpty() ? "" : ", " + count(problems.size(), "file") + " that cannot be read");
        };
    }

    /**
     * What keeps the import from starting, if anything: nothing to import, or files that cannot be read while
     * {@code skipBad} is off (the import would stop at the first of them).
     */
    public Optional<String> problem(boolean skipBad) {
        if (status == Status.FAILED) {
            return Optional.of(failure);
        }
        if (status == Status.READY && !problems.isEmpty() && !skipBad) {
            DatasetInfo.SkippedFile first = problems.get(0);
            return Optional.of(count(problems.size(), "file") + " cannot be read ("
                    + first.path() + ": " + ImportForm.inFormWords(first.reason()) + (problems.size() > 1 ? ", ..." : "") + "); tick "
                    + ImportForm.Choice.SKIP_BAD.quoted() + " to import the other " + count(recordings, "recording"));
        }
        return Optional.empty();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
