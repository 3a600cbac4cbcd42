package org.sigmappg.app.shell;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the bundled sample data (a {@code sample-data} folder with its {@code sigma-ppg-dataset.json} recipe)
 * that the workbench imports on first start: named by the {@value #PROPERTY} system property (which
 * {@code javafx:run} sets), else found from the jar's folder upwards (the installed copy, or the checkout the
 * jar was built in), else from the working directory upwards.
 */
public final class SampleData {
    public static final String PROPERTY = "sigmappg.sample.data";
    public static final String FOLDER = "sample-data";
    public static final String RECIPE = "sigma-ppg-dataset.json";

    private SampleData() {
    }

    /** The sample data folder, if one can be found. */
    public static Optional<Path> locate() {
        return locate(System.getProperty(PROPERTY), Path.of("").toAbsolutePath(), codeLocation());
    }

    static Optional<Path> locate(String property, Path workingDir, Path codeLocation) {
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property).toAbsolutePath().normalize();
            // A folder named on purpose may be called anything; it only needs the recipe.
            return Files.isRegularFile(p.resolve(RECIPE)) ? Optional.of(p) : Optional.empty();
        }
        for (Path start : new Path[] {codeLocation, workingDir}) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (isSampleFolder(dir)) {
                    return Optional.of(dir.normalize());
                }
                Path candidate = dir.resolve(FOLDER);
                if (isSampleFolder(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
        }
        return Optional.empty();
    }

    static boolean isSampleFolder(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(RECIPE)) && dir.getFileName() != null
                && dir.getFileName().toString().equals(FOLDER);
    }

    private static Path codeLocation() {
        try {
            return Path.of(SampleData.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            return null;
        }
    }
}
