package org.sigmappg.data;

import java.nio.file.Path;
import java.util.List;
import org.sigmappg.io.SourceFolder;

/**
 * What an import will do: the recipe (detected or given), the records to read, and the problems found
 * while listing files (unreadable files, link loops, links out of the folder, files that match no subject).
 *
 * @param folder the folder the import reads, which every file it reads must sit inside
 */
public record ImportPlan(SourceFolder folder, ImportRecipe recipe, List<RecordSource> sources, List<DatasetInfo.SkippedFile> problems,
                         List<String> warnings) {
    public ImportPlan {
        sources = List.copyOf(sources);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** The imported folder (a single file's own folder), to which the records' paths are relative. */
    public Path root() {
        return folder.root();
    }
}
