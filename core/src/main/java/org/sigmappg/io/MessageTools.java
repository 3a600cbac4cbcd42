package org.sigmappg.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Shows text taken from a user's file (a cell, a heading, a list of column names) inside a message: quoted,
 * cut to about {@value #MAX_QUOTED} characters and with control characters escaped, so that a hostile or
 * broken file cannot make a message huge or drive the terminal; and tells a list of messages that say the
 * same thing of several names once.
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

    /**
     * The messages with those that say the same thing of different names told once: "label HR covers 0-379 s ...;
     * windows outside it have no HR" and the same for PULSE, RESP and SpO2 become one message ending "(the same for
     * PULSE, RESP and SpO2)". Two messages are told once when they differ only where one has a name (a word with a
     * letter) and the other another name, the same two names at every such place; messages that differ in a
     * number, or in more than one name, stay apart. The order of first appearance is kept.
     */
    public static List<String> grouped(List<String> messages) {
        List<String[]> firsts = new ArrayList<>();
        List<String> firstNames = new ArrayList<>();
        List<List<String>> others = new ArrayList<>();
        outer:
        for (String m : messages) {
            String[] words = m.split(" ", -1);
            for (int g = 0; g < firsts.size(); g++) {
                Optional<String[]> names = namesWhereTheyDiffer(firsts.get(g), words);
                if (names.isEmpty()) {
                    continue;
                }
                String[] n = names.get();
                if (n.length == 0) {
                    // The very same message: told once.
                    continue outer;
                }
                if (firstNames.get(g) == null || firstNames.get(g).equals(n[0])) {
                    firstNames.set(g, n[0]);
                    if (!others.get(g).contains(n[1])) {
                        others.get(g).add(n[1]);
                    }
                    continue outer;
                }
            }
            firsts.add(words);
            firstNames.add(null);
            others.add(new ArrayList<>());
        }
        List<String> out = new ArrayList<>();
        for (int g = 0; g < firsts.size(); g++) {
            String first = String.join(" ", firsts.get(g));
            List<String> rest = others.get(g);
            if (rest.isEmpty()) {
                out.add(first);
                continue;
            }
            String last = rest.get(rest.size() - 1);
            String listed = rest.size() == 1 ? last : String.join(", ", rest.subList(0, rest.size() - 1)) + " and " + last;
            out.add(first + " (the same for " + listed + ")");
        }
        return out;
    }

    /**
     * Where {@code a} and {@code b} differ only in one name each (the same two names at every place they differ),
     * those two names; no names for the same message; empty when they differ otherwise.
     */
    private static Optional<String[]> namesWhereTheyDiffer(String[] a, String[] b) {
        if (a.length != b.length) {
            return Optional.empty();
        }
        String mine = null;
        String theirs = null;
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(b[i])) {
                continue;
            }
            String[] x = nameIn(a[i]);
            String[] y = nameIn(b[i]);
            if (x == null || y == null || !x[0].equals(y[0]) || !x[2].equals(y[2])) {
                return Optional.empty();
            }
            if (mine == null) {
                mine = x[1];
                theirs = y[1];
            } else if (!mine.equals(x[1]) || !theirs.equals(y[1])) {
                return Optional.empty();
            }
        }
        return Optional.of(mine == null ? new String[0] : new String[] {mine, theirs});
    }

    /** A word split into the punctuation before it, a name (with at least one letter) and the punctuation after it; null if it holds no name. */
    private static String[] nameIn(String word) {
        int a = 0;
        int b = word.length();
        while (a < b && "('\"[".indexOf(word.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && ",.;:)'\"]".indexOf(word.charAt(b - 1)) >= 0) {
            b--;
        }
        String core = word.substring(a, b);
        return core.chars().anyMatch(Character::isLetter) ? new String[] {word.substring(0, a), core, word.substring(b)} : null;
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
