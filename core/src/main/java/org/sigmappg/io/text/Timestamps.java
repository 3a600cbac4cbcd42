package org.sigmappg.io.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses the date-times that data loggers write: ISO-8601 ({@code 2016-11-24T13:58:58.081Z},
 * {@code +01:00} offsets) and the space-separated {@code 2016-11-24 13:58:58.081000}, with 0 to 9
 * fraction digits. Written by hand because a time column of ten million rows is parsed per row.
 */
final class Timestamps {
    /** Characters of the shortest date-time read ("2016-11-24"). */
    static final int SHORTEST = 10;

    private Timestamps() {
    }

    /** The instant, or null when the text is not such a date-time. Times without an offset are read as UTC. */
    static Instant parse(String s) {
        int n = s.length();
        if (n < SHORTEST || !digits(s, 0, 4) || !isDateSeparator(s.charAt(4)) || s.charAt(7) != s.charAt(4)
                || !digits(s, 5, 2) || !digits(s, 8, 2)) {
            return null;
        }
        long day;
        try {
            day = LocalDate.of(number(s, 0, 4), number(s, 5, 2), number(s, 8, 2)).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long seconds = day * 86_400L;
        int nanos = 0;
        int at = 10;
        if (at < n) {
            char sep = s.charAt(at);
            if ((sep != 'T' && sep != ' ') || n < at + 6 || !digits(s, at + 1, 2) || s.charAt(at + 3) != ':'
                    || !digits(s, at + 4, 2)) {
                return null;
            }
            int hour = number(s, at + 1, 2);
            int minute = number(s, at + 4, 2);
            at += 6;
            int second = 0;
            if (at < n && s.charAt(at) == ':') {
                if (!digits(s, at + 1, 2)) {
                    return null;
                }
                second = number(s, at + 1, 2);
                at += 3;
                if (at < n && (s.charAt(at) == '.' || s.charAt(at) == ',')) {
                    int start = ++at;
                    while (at < n && at - start < 9 && Character.isDigit(s.charAt(at))) {
                        nanos = nanos * 10 + (s.charAt(at) - '0');
                        at++;
                    }
                    if (at == start || (at < n && Character.isDigit(s.charAt(at)))) {
                        return null;
                    }
                    for (int k = at - start; k < 9; k++) {
                        nanos *= 10;
                    }
                }
            }
            if (hour > 23 || minute > 59 || second > 60) {
                return null;
            }
            seconds += hour * 3600L + minute * 60L + second;
            int offset = offsetSeconds(s, at);
            if (offset == Integer.MIN_VALUE) {
                return null;
            }
            seconds -= offset;
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Whether the date-time text names its offset from UTC ('Z' or +hh:mm); assumes {@link #parse} accepted it. */
    static boolean hasOffset(String s) {
        int t = s.indexOf(':');
        return t >= 0 && (s.endsWith("Z") || s.indexOf('+', t) >= 0 || s.indexOf('-', t) >= 0);
    }

    /** Offset in seconds of the suffix starting at {@code at}: none, Z, +hh, +hhmm or +hh:mm; MIN_VALUE if malformed. */
    private static int offsetSeconds(String s, int at) {
        int n = s.length();
        if (at == n) {
            return 0;
        }
        char c = s.charAt(at);
        if (c == 'Z' && at + 1 == n) {
            return 0;
        }
        if ((c != '+' && c != '-') || !digits(s, at + 1, 2)) {
            return Integer.MIN_VALUE;
        }
        int hours = number(s, at + 1, 2);
        int minutes = 0;
        int rest = at + 3;
        if (rest < n) {
            if (s.charAt(rest) == ':') {
                rest++;
            }
            if (rest + 2 != n || !digits(s, rest, 2)) {
                return Integer.MIN_VALUE;
            }
            minutes = number(s, rest, 2);
        }
        int total = hours * 3600 + minutes * 60;
        return c == '-' ? -total : total;
    }

    private static boolean isDateSeparator(char c) {
        return c == '-' || c == '/';
    }

    private static boolean digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
