package org.sigmappg.io;

import java.util.Locale;

/**
 * Names that come from files (file names, record, subject and channel names, header comments) made safe to
 * print: a file name may hold control characters that a terminal would obey (ESC starts colour and cursor
 * commands, BEL rings, a newline breaks a table row) or that turn the text around it right to left.
 */
public final class NameTools {
    private NameTools() {
    }

    /**
     * {@code text} with every control character written as an escape a person can read: {@code \n},
     * {@code \r}, {@code \t}, {@code \xHH} for the other C0 and C1 controls and DEL, {@code \}{@code uHHHH}
     * for the characters that change the direction of text and for the Unicode line and paragraph
     * separators. Other text, backslashes included, is left as it is; null stays null.
     */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c <= 0xFF) {
                sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c)
                || c == '\u061C' || c == '\u200E' || c == '\u200F' // Arabic letter mark, left-to-right and right-to-left marks
                || (c >= '\u2028' && c <= '\u202E') // line and paragraph separators, embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069'); // isolates
    }
}
