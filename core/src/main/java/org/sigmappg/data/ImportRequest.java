package org.sigmappg.data;

import java.nio.file.Path;
import org.sigmappg.signal.PreprocessParams;

/**
 * What the user asked to import. Options given here override the detected or given recipe.
 *
 * @param source file or folder to import
 * @param name dataset name (letters, digits, '.', '_', '-')
 * @param recipeFile a user's import recipe (JSON), or null to detect the layout
 * @param fs sampling rate for files that carry none, or null
 * @param channel PPG channel name, several separated by commas ("RED,IR") to keep them side by side, or null to choose
 *                one by name
 * @param subjectPattern regular expression whose group 1 is the subject id in the relative path, or null
 * @param windowSeconds window length, or null for the recipe's or the default 240 s
 * @param timeUnit unit of numeric time columns ("s" or "ms"), or null to detect it
 * @param charset character set of text files, or null for the recipe's or UTF-8
 * @param skipBad import the good files and list the bad ones instead of refusing the whole import
 * @param replace replace an existing dataset of that name
 * @param preprocess pre-processing parameters, or null for the METHOD.md defaults
 * @param followLinks follow symbolic links that lead out of the imported folder (names written in headers and
 *                    recipes must stay inside it all the same)
 * @param hopSeconds seconds between window starts, or null for the recipe's or windows back to back
 * @param minWindowFraction smallest share of a window kept, or null for the recipe's or 0 (every window of a patch)
 */
public record ImportRequest(Path source, String name, Path recipeFile, Double fs, String channel, String subjectPattern,
                            Double windowSeconds, String timeUnit, String charset, boolean skipBad, boolean replace, PreprocessParams preprocess,
                            boolean followLinks, Double hopSeconds, Double minWindowFraction) {
    /** A request with the windows' hop and smallest share from the recipe. */
    public ImportRequest(Path source, String name, Path recipeFile, Double fs, String channel, String subjectPattern, Double windowSeconds,
                         String timeUnit, String charset, boolean skipBad, boolean replace, PreprocessParams preprocess, boolean followLinks) {
        this(source, name, recipeFile, fs, channel, subjectPattern, windowSeconds, timeUnit, charset, skipBad, replace, preprocess,
                followLinks, null, null);
    }

    /** A request with every option at its default. */
    public static ImportRequest of(Path source, String name) {
        return new ImportRequest(source, name, null, null, null, null, null, null, null, false, false, null, false);
    }

    public ImportRequest withChannel(String newChannel) {
        return new ImportRequest(source, name, recipeFile, fs, newChannel, subjectPattern, windowSeconds, timeUnit, charset, skipBad, replace,
                preprocess, followLinks, hopSeconds, minWindowFraction);
    }

    public ImportRequest withWindows(Double seconds, Double hop, Double minFraction) {
        return new ImportRequest(source, name, recipeFile, fs, channel, subjectPattern, seconds, timeUnit, charset, skipBad, replace,
                preprocess, followLinks, hop, minFraction);
    }

    public ImportRequest withFs(Double newFs) {
        return new ImportRequest(source, name, recipeFile, newFs, channel, subjectPattern, windowSeconds, timeUnit, charset, skipBad, replace, preprocess, followLinks, hopSeconds, minWindowFraction);
    }

    public ImportRequest withSkipBad(boolean skip) {
        return new ImportRequest(source, name, recipeFile, fs, channel, subjectPattern, windowSeconds, timeUnit, charset, skip, replace, preprocess, followLinks, hopSeconds, minWindowFraction);
    }

    public ImportRequest withWindowSeconds(Double seconds) {
        return new ImportRequest(source, name, recipeFile, fs, channel, subjectPattern, seconds, timeUnit, charset, skipBad, replace, preprocess, followLinks, hopSeconds, minWindowFraction);
    }

    public ImportRequest withFollowLinks(boolean follow) {
        return new ImportRequest(source, name, recipeFile, fs, channel, subjectPattern, windowSeconds, timeUnit, charset, skipBad, replace, preprocess, follow, hopSeconds, minWindowFraction);
    }

    public ImportRequest withReplace(boolean newReplace) {
        return new ImportRequest(source, name, recipeFile, fs, channel, subjectPattern, windowSeconds, timeUnit, charset, skipBad, newReplace, preprocess, followLinks, hopSeconds, minWindowFraction);
    }
}
