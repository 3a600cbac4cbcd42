package org.sigmappg.io;

import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;

/**
 * Shows text taken from a user's file (a cell, a heading, a list of column names) inside a message: quoted,
 * cut to about {@value #MAX_QUOTED} characters and with control characters escaped, so that a hostile or
 * broken file cannot make a message huge or drive the terminal.
 */
public final class MessageTools {
    /** Most characters of one piece of file text that a message quotes. */
    public static final int MAX_QUOTED = 80;
    /** Most items of a list that a message names. */
    private static final int MAX_LISTED = 12;

    private MessageTools() {
    }

    /** {@code 'text'}, shortened as {@link #shorten} does. */
    public static String quote(String text) {
        return "'" + shorten(text) + "'";
    }

    /** The text, or its first characters and "..." when it is longer than {@value #MAX_QUOTED}; never null. */
    public static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return escape(text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED - 3) + "...");
    }

    /** The items quoted and joined by ", ", naming at most {@value #MAX_LISTED} of them and counting the rest. */
    public static String list(Collection<String> items) {
        StringBuilder sb = new StringBuilder();
        Iterator<String> it = items.iterator();
        for (int i = 0; it.hasNext() && i < MAX_LISTED; i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(it.next()));
        }
        if (items.size() > MAX_LISTED) {
            sb.append(" and ").append(items.size() - MAX_LISTED).append(" more");
        }
        return sb.toString();
    }

    private static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c < 0xA0);
            if (control && sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (sb != null) {
                if (control) {
                    sb.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }
}
