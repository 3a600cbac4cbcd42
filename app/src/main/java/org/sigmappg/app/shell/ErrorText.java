package org.sigmappg.app.shell;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns an exception into words for a user: the message our own code wrote for people (which names the file,
 * the place and the fix), never a class name or a stack trace unless nothing better exists.
 */
public final class ErrorText {
    private ErrorText() {
    }

    /** The one-paragraph explanation of {@code error}. */
    public static String of(Throwable error) {
        Throwable e = unwrap(error);
        String msg = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "file or folder not found: " + msg;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + msg;
        }
        if (e instanceof FileNotFoundException && msg != null) {
            return msg;
        }
        if (e instanceof OutOfMemoryError) {
            return "the workbench ran out of memory; close other views or start it with more memory (e.g. -Xmx8g)";
        }
        if (msg != null && !msg.isBlank() && (e instanceof IOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof UnsupportedOperationException
                || e.getClass().getName().startsWith("org.sigmappg."))) {
            return msg;
        }
        String what = e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return "unexpected problem (" + what + ")" + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

    /** The messages of the causes below the one {@link #of} shows, outermost first, for a "Details" section. */
    public static List<String> causes(Throwable error) {
        List<String> out = new ArrayList<>();
        Throwable e = unwrap(error);
        for (Throwable c = e.getCause(); c != null && c != c.getCause() && out.size() < 8; c = c.getCause()) {
            String m = c.getMessage();
            out.add(m == null || m.isBlank() ? c.getClass().getSimpleName() : m);
        }
        return out;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException || e instanceof UncheckedIOException
                || e instanceof java.lang.reflect.InvocationTargetException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
