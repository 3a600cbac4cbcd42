package org.sigmappg.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sigmappg.recipe.RecipeOption;
import org.sigmappg.recipe.RunRecipe;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A run command's options, made from its kind's {@link RunRecipe}: each recipe option with the recipe's description and
 * default, and {@code --set NAME=VALUE} where the recipe has one; and the parameter record built from what was given.
 */
final class RecipeOptions {
    static final String SET = "--set";

    private RecipeOptions() {
    }

    /** Adds the options of {@code recipe} to {@code spec}; those in {@code required} must be given. */
    static CommandSpec addTo(CommandSpec spec, RunRecipe<?> recipe, Set<String> required) {
        for (RecipeOption o : recipe.options()) {
            String shownDefault = recipe.defaultText(o);
            String line = recipe.description(o) + (shownDefault == null ? "" : " (default " + shownDefault + ")") + ".";
            OptionSpec.Builder b = OptionSpec.builder(o.name()).description(line.replace("%", "%%")).required(required.contains(o.name()));
            if (o.isFlag()) {
                b.type(boolean.class).arity("0");
            } else {
                b.type(String.class).paramLabel(o.paramLabel());
            }
            spec.addOption(b.build());
        }
        if (recipe.setPrefix() != null) {
            spec.addOption(OptionSpec.builder(SET).type(List.class).auxiliaryTypes(String.class).paramLabel("NAME=VALUE")
                    .description("Change any other named setting, e.g. " + SET + " " + example(recipe) + " (repeatable).").build());
        }
        return spec;
    }

    private static String example(RunRecipe<?> recipe) {
        return recipe.setPrefix().equals("model.") ? "optimiser.warmupFraction=0.2" : "backboneLearningRate=1e-4";
    }

    /** The text given for option {@code name}, or null when it was not given. */
    static String given(CommandSpec spec, String name) {
        ParseResult parsed = spec.commandLine().getParseResult();
        return parsed.hasMatchedOption(name) ? String.valueOf(parsed.matchedOption(name).<Object>getValue()) : null;
    }

    /** The record the given options describe: the recipe's defaults with each option and {@code --set} applied in turn. */
    static <P extends Record> P build(CommandSpec spec, RunRecipe<P> recipe) {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String> assignments = new ArrayList<>();
        Map<String, String> shown = new LinkedHashMap<>();
        for (RecipeOption o : recipe.options()) {
            if (o.path() != null && !o.resolvedByFrontEnd() && parsed.hasMatchedOption(o.name())) {
                String text = o.isFlag() ? "" : parsed.matchedOption(o.name()).<String>getValue();
                assignments.add(o.path() + "=" + o.toSetting().apply(text));
                shown.put(o.path(), o.name());
            }
        }
        if (recipe.setPrefix() != null && parsed.hasMatchedOption(SET)) {
            for (String s : parsed.matchedOption(SET).<List<String>>getValue()) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(SET + " " + s + ": write NAME=VALUE, e.g. " + SET + " " + example(recipe));
                }
                String path = recipe.setPrefix() + s.substring(0, eq).trim();
                assignments.add(path + "=" + s.substring(eq + 1).trim());
                shown.put(path, SET + " " + s.substring(0, eq).trim());
            }
        }
        return recipe.build(assignments, path -> shown.getOrDefault(path, recipe.shownAs(path)));
    }
}
