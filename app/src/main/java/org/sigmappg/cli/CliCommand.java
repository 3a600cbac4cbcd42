package org.sigmappg.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sigmappg.io.NameTools;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every headless command: runs {@link #execute()}, prints its result as text or JSON, and turns
 * any failure into a one-line reason and a non-zero exit code (never a stack trace).
 */
public abstract class CliCommand implements Callable<Integer> {
    static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(com.google.gson.FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).serializeSpecialFloatingPointValues().disableHtmlEscaping().setPrettyPrinting().create();
    private static final Gson GSON_WITH_NULLS = GSON.newBuilder().serializeNulls().create();

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** Does the work; returns what {@code --json} prints (a map or record), or null for nothing. */
    protected abstract Object execute() throws Exception;

    /** Whether {@code --json} prints null values (keys a script relies on stay present when a figure is undefined). */
    protected boolean jsonKeepsNulls() {
        return false;
    }

    /** Prints the result for a person; the default prints the JSON. */
    protected void printHuman(Object result, PrintWriter out) {
        out.println(GSON.toJson(result));
    }

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            for (CommandSpec mixin : spec.mixins().values()) {
                if (mixin.userObject() instanceof ThreadOptions threads) {
                    threads.apply(err);
                }
            }
            Object result = execute();
            if (result != null) {
                if (common.json) {
                    out.println((jsonKeepsNulls() ? GSON_WITH_NULLS : GSON).toJson(result));
                } else {
                    printHuman(result, out);
                }
            }
            out.flush();
            return 0;
        } catch (Exception | OutOfMemoryError e) {
            String reason = reason(e);
            if (common.json) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("error", reason);
                out.println(GSON.toJson(error));
                out.flush();
            }
            err.println("error: " + reason);
            if (Boolean.getBoolean("sigmappg.debug")) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }

    /** {@code value} as a human listing shows it: names from files with their control characters escaped. */
    static String shown(Object value) {
        return NameTools.printable(String.valueOf(value));
    }

    /** The one-line reason shown for a failure. */
    static String reason(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory: give Java more with -Xmx (e.g. java -Xmx4g -jar sigma-ppg.jar ...)";
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        // Line breaks become spaces (a library's message may span lines); names in it may hold other controls.
        return NameTools.printable(msg.strip().replaceAll("\\R", " "));
    }
}
