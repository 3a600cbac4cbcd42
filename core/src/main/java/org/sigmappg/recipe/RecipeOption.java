package org.sigmappg.recipe;

import java.util.function.UnaryOperator;

/**
 * One option of a run kind's command line: the setting of the run's parameter record it writes (by its path), how the
 * option's text becomes the setting's text and back, and its words for {@code --help}.
 *
 * @param name the option, e.g. {@code --epochs}
 * @param path the setting it writes ({@code model.optimiser.epochs}), or null for one the front end resolves itself
 *     ({@code --task-file})
 * @param paramLabel what its value is called in help ({@code N}, {@code RATE}); null for a flag, which takes no value
 * @param description one line for help, or null to take the {@link SettingGuide}'s line for {@code path}
 * @param always whether the reproducing command line writes it at its default too (the run's own choices: dataset,
 *     seed, device), not only where it differs
 * @param toSetting the setting's text (as {@code --set} writes it) for the option's text (a flag's is empty), or null
 *     where the front end resolves the value itself ({@code --task} becomes a task definition through the catalogue)
 * @param toOption the option's text for the setting's text, or null where this option does not say that value
 */
public record RecipeOption(String name, String path, String paramLabel, String description, boolean always,
                           UnaryOperator<String> toSetting, UnaryOperator<String> toOption) {
    /** An option whose text is the setting's. */
    static RecipeOption value(String name, String path, String paramLabel, boolean always) {
        return new RecipeOption(name, path, paramLabel, null, always, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** A flag that sets {@code path} to {@code value}; the command line writes it where the setting has that value. */
    static RecipeOption flag(String name, String path, String value, String description) {
        return new RecipeOption(name, path, null, description, true, ignored -> value, text -> same(text, value) ? "" : null);
    }

    /** Whether the option takes no value. */
    public boolean isFlag() {
        return paramLabel == null;
    }

    /** Whether the front end turns the option's text into the setting (a name looked up in the workspace). */
    public boolean resolvedByFrontEnd() {
        return toSetting == null;
    }

    /** This option with its own line for help instead of the guide's. */
    RecipeOption described(String line) {
        return new RecipeOption(name, path, paramLabel, line, always, toSetting, toOption);
    }

    /** This option reading the setting back with {@code read} instead. */
    RecipeOption reading(UnaryOperator<String> read) {
        return new RecipeOption(name, path, paramLabel, description, always, toSetting, read);
    }

    /** Whether two setting texts are the same value: equal as typed, or as numbers ({@code 0.2} and {@code 0.20}). */
    public static boolean same(String a, String b) {
        String x = a == null ? "" : a.trim();
        String y = b == null ? "" : b.trim();
        if (x.equals(y)) {
            return true;
        }
        try {
            return Double.parseDouble(x) == Double.parseDouble(y);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
