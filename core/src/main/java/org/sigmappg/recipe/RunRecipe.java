package org.sigmappg.recipe;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.sigmappg.run.ParamOverrides;

/**
 * The recipe of one kind of run, declared once: its parameter record and how it is read, its defaults (per size
 * preset where the kind has presets), its command and the options that write the record's settings. The command
 * line's options and help, the workbench's new-run sheets and the command that reproduces a stored run are all made
 * from it, so a default, an option or a description is written in one place.
 *
 * <p>Settings are named by their path in the record ({@code run.seed}, {@code model.optimiser.learningRate}); a
 * setting no option writes goes on the command line as {@code --set PATH=VALUE}, its path taken below {@link #setPrefix()}.
 *
 * @param <P> the parameter record
 */
public final class RunRecipe<P extends Record> {
    /** The path of the size preset, in the kinds that have presets. */
    public static final String SIZE = "size";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._+,:/=@%-]+");
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final String kind;
    private final String command;
    private final List<String> sizes;
    private final Function<String, P> defaults;
    private final Function<String, P> parse;
    private final String setPrefix;
    private final List<RecipeOption> options;
    private final Map<String, String> derived;

    /**
     * @param sizes the size presets, the default first; empty for a kind without presets
     * @param defaults the defaults of a new run of a size (called with null for a kind without presets)
     * @param parse reads the record from its stored JSON, older layouts included
     * @param setPrefix the part of the record {@code --set} reaches ({@code model.}), or null where it reaches none
     * @param derived settings that follow another and are not set by hand, with what they follow in words
     */
    RunRecipe(String kind, String command, List<String> sizes, Function<String, P> defaults, Function<String, P> parse,
              String setPrefix, List<RecipeOption> options, Map<String, String> derived) {
        this.kind = kind;
        this.command = command;
        this.sizes = List.copyOf(sizes);
        this.defaults = defaults;
        this.parse = parse;
        this.setPrefix = setPrefix;
        this.options = List.copyOf(options);
        this.derived = Map.copyOf(derived);
    }

    /** The kind the run store records ({@code tokenizer}, {@code pretrain}, ...). */
    public String kind() {
        return kind;
    }

    /** The command that starts such a run ({@code train-tokenizer}). */
    public String command() {
        return command;
    }

    /** The size presets, the default first; empty where the kind has none. */
    public List<String> sizes() {
        return sizes;
    }

    /** The part of the record {@code --set NAME=VALUE} reaches ({@code model.}), or null where it reaches none. */
    public String setPrefix() {
        return setPrefix;
    }

    public List<RecipeOption> options() {
        return options;
    }

    /** The option called {@code name} ({@code --epochs}). */
    public RecipeOption option(String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(command + " has no option " + name));
    }

    /** The settings that follow another and are not set by hand, with what each follows in words. */
    public Map<String, String> derived() {
        return derived;
    }

    /** The defaults of a new run of preset {@code size} (ignored where the kind has no presets). */
    public P defaults(String size) {
        return defaults.apply(sizes.isEmpty() ? null : size);
    }

    /** The defaults of a new run of the default preset. */
    public P defaults() {
        return defaults(sizes.isEmpty() ? null : sizes.get(0));
    }

    /** Reads a stored run's parameters. */
    public P parse(String json) {
        return parse.apply(json);
    }

    /**
     * The record of a new run: the defaults of the preset that {@code size=...} names (else the default one) with each
     * {@code PATH=VALUE} applied in turn, through the record's constructor, so that what the method cannot run is refused.
     *
     * @param shownAs how a problem names the setting at a path (the option that wrote it, or {@code --set PATH})
     */
    public P build(List<String> assignments, Function<String, String> shownAs) {
        String size = sizes.isEmpty() ? null : sizes.get(0);
        List<String> rest = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            String path = eq < 0 ? a.trim() : a.substring(0, eq).trim();
            if (!sizes.isEmpty() && path.equals(SIZE) && eq >= 0) {
                size = a.substring(eq + 1).trim();
            } else if (derived.containsKey(path)) {
                throw new IllegalArgumentException(shownAs.apply(path) + ": " + derived.get(path) + "; it is not set by hand");
            } else {
                rest.add(a);
            }
        }
        return ParamOverrides.apply(defaults(size), rest, parse, shownAs);
    }

    /** How a front end names a setting it was given: by the option that writes it, else as {@code --set} writes it. */
    public String shownAs(String path) {
        for (RecipeOption o : options) {
            if (path.equals(o.path()) && !o.isFlag()) {
                return o.name();
            }
        }
        return "--set " + (setPrefix != null && path.startsWith(setPrefix) ? path.substring(setPrefix.length()) : path);
    }

    /**
     * Every setting of {@code params} as text by its path ({@code model.optimiser.learningRate -> 0.001}); a nested record
     * is followed into, except where an option writes it whole ({@code task}), whose text is its JSON.
     */
    public Map<String, String> leaves(Record params) {
        Set<String> whole = new HashSet<>();
        options.forEach(o -> whole.add(o.path()));
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", params, whole, out, new LinkedHashMap<>());
        return out;
    }

    /** The declared type of every setting of {@code params} by its path, in the record's order. */
    public Map<String, Class<?>> types(Record params) {
        Set<String> whole = new HashSet<>();
        options.forEach(o -> whole.add(o.path()));
        Map<String, Class<?>> out = new LinkedHashMap<>();
        flatten("", params, whole, new LinkedHashMap<>(), out);
        return out;
    }

    private static void flatten(String prefix, Object value, Set<String> whole, Map<String, String> out, Map<String, Class<?>> types) {
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + prefix + c.getName(), e);
            }
            String path = prefix + c.getName();
            if (c.getType().isRecord() && v != null && !whole.contains(path)) {
                flatten(path + ".", v, whole, out, types);
            } else {
                out.put(path, format(v));
                types.put(path, c.getType());
            }
        }
    }

    /** A value as a setting's text: {@code 0.001}, {@code 5e-5}, {@code 64}, {@code L1}, a list or record as JSON. */
    public static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof Float f) {
            return number(f.doubleValue());
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof List<?> || v instanceof Record) {
            return GSON.toJson(v);
        }
        return v.toString();
    }

    /** A double in its shortest readable form: {@code 0.2}, {@code 1e-4}, {@code 2.5e-5}, {@code 100.0}. */
    public static String number(double d) {
        return Double.toString(d).replace(".0E", "e").replace('E', 'e');
    }

    /** The command that starts a run with {@code params} from a terminal. */
    public String commandLine(P params, Map<String, String> context) {
        return commandLine(leaves(params), context);
    }

    /**
     * The command that starts a run with these settings (as text, as a sheet holds them, each maybe not yet valid): the
     * options that always say the run's choices, the others where a setting differs from the defaults of its preset, and
     * {@code --set} for every other setting that differs. An empty required value shows as its placeholder ({@code NAME}).
     *
     * @param context the text of options the front end resolves itself ({@code --task-file}), by option name
     */
    public String commandLine(Map<String, String> leaves, Map<String, String> context) {
        StringBuilder sb = new StringBuilder("sigma-ppg ").append(command);
        Map<String, String> base = leaves(baseFor(leaves.get(SIZE)));
        Set<String> said = new HashSet<>();
        for (RecipeOption o : options) {
            if (o.path() == null) {
                String v = context.get(o.name());
                if (v != null) {
                    append(sb, o, v);
                }
                continue;
            }
            String value = leaves.getOrDefault(o.path(), "");
            String text = o.toOption().apply(value);
            if (text != null && (o.always() || !RecipeOption.same(value, base.get(o.path())))) {
                append(sb, o, text);
                said.add(o.path());
            }
        }
        for (Map.Entry<String, String> e : leaves.entrySet()) {
            String path = e.getKey();
            if (said.contains(path) || derived.containsKey(path) || RecipeOption.same(e.getValue(), base.get(path))) {
                continue;
            }
            if (setPrefix == null || !path.startsWith(setPrefix)) {
                throw new IllegalStateException("the " + command + " recipe has no option for " + path);
            }
            sb.append(" --set ").append(quote(path.substring(setPrefix.length()) + "=" + e.getValue().trim()));
        }
        return sb.toString();
    }

    private P baseFor(String size) {
        if (sizes.isEmpty() || size == null) {
            return defaults();
        }
        try {
            return defaults(size);
        } catch (IllegalArgumentException unknownSize) {
            return defaults();
        }
    }

    private static void append(StringBuilder sb, RecipeOption o, String text) {
        sb.append(' ').append(o.name());
        if (!o.isFlag()) {
            sb.append(' ').append(quote(text.isBlank() ? o.paramLabel() : text.trim()));
        }
    }

    private static String quote(String s) {
        return SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** The line that explains {@code option}: its own, else the guide's for the setting it writes. */
    public String description(RecipeOption option) {
        if (option.description() != null) {
            return option.description();
        }
        String line = SettingGuide.entry(kind, option.path()).description();
        return line.isEmpty() ? line : Character.toUpperCase(line.charAt(0)) + line.substring(1);
    }

    /**
     * The default of {@code option} in words for help ({@code 0.2}; {@code the preset's: 100 (tiny), 80 (base)} where the
     * presets differ), or null where it has none to show (a flag, a value still to be chosen).
     */
    public String defaultText(RecipeOption option) {
        if (option.path() == null || option.isFlag() || option.resolvedByFrontEnd()) {
            return null;
        }
        if (option.path().equals(SIZE)) {
            return sizes.get(0);
        }
        Map<String, String> bySize = new LinkedHashMap<>();
        for (String size : sizes.isEmpty() ? java.util.Collections.<String>singletonList(null) : sizes) {
            bySize.put(size, option.toOption().apply(leaves(defaults(size)).get(option.path())));
        }
        Set<String> distinct = new LinkedHashSet<>(bySize.values());
        if (distinct.size() == 1) {
            String only = distinct.iterator().next();
            return only == null || only.isBlank() ? null : only;
        }
        List<String> parts = new ArrayList<>();
        bySize.forEach((size, v) -> parts.add(v + " (" + size + ")"));
        return "the preset's: " + String.join(", ", parts);
    }
}
