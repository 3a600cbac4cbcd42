package org.sigmappg.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What an import will do: the recipe (detected or given), the records to read, and the problems found
 * while listing files (unreadable files, link loops, files that match no subject).
 */
public record ImportPlan(Path root, ImportRecipe recipe, List<RecordSource> sources, List<DatasetInfo.SkippedFile> problems,
                         List<String> warnings) {
    public ImportPlan {
        sources = List.copyOf(sources);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }
}
