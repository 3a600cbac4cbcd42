package org.sigmappg.io.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses the date-times that data loggers write: ISO-8601 ({@code 2016-11-24T13:58:58.081Z},
 * {@code +01:00} offsets) and the space-separated {@code 2016-11-24 13:58:58.081000}, with 0 to 9
 * fraction digits; and the clock times of day that monitors and oximeters write without a date
 * ({@code 09:25:02}, {@code 9:25:02.500}, {@code 09:25:02 PM}). Written by hand because a time column of
 * ten million rows is parsed per row.
 */
final class Timestamps {
    /** Characters of the shortest date-time read ("2016-11-24"). */
    static final int SHORTEST = 10;
    /** Characters of the shortest clock time read ("9:25:02"). */
    static final int SHORTEST_CLOCK = 7;
    /** Characters of the longest clock time read ("09:25:02.123456789 PM"). */
    private static final int LONGEST_CLOCK = 21;

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

    /**
     * Seconds since midnight of a clock time of day: H:MM:SS or HH:MM:SS, with 1 to 9 fraction digits after
     * '.' or ',', and for a 12-hour clock AM or PM after a space; NaN when the text is not such a time. Hours
     * and minutes alone (12:30) are not read: they could as well be minutes and seconds.
     */
    static double clockSeconds(String s) {
        int n = s.length();
        if (n < SHORTEST_CLOCK || n > LONGEST_CLOCK) {
            return Double.NaN;
        }
        int meridiem = 0;
        String upper = s.regionMatches(true, n - 2, "AM", 0, 2) ? "AM" : s.regionMatches(true, n - 2, "PM", 0, 2) ? "PM" : null;
        if (upper != null) {
            if (s.charAt(n - 3) != ' ') {
                return Double.NaN;
            }
            meridiem = upper.equals("AM") ? 1 : 2;
            n -= 3;
        }
        int hourDigits = n > 1 && s.charAt(1) == ':' ? 1 : 2;
        int at = hourDigits;
        if (!digits(s, 0, hourDigits) || at + 6 > n || s.charAt(at) != ':' || !digits(s, at + 1, 2)
                || s.charAt(at + 3) != ':' || !digits(s, at + 4, 2)) {
            return Double.NaN;
        }
        int hour = number(s, 0, hourDigits);
        int minute = number(s, at + 1, 2);
        int second = number(s, at + 4, 2);
        at += 6;
        double fraction = 0;
        if (at < n) {
            int fractionDigits = n - at - 1;
            if ((s.charAt(at) != '.' && s.charAt(at) != ',') || fractionDigits < 1 || fractionDigits > 9
                    || !digits(s, at + 1, fractionDigits)) {
                return Double.NaN;
            }
            fraction = number(s, at + 1, fractionDigits) / Math.pow(10, fractionDigits);
        }
        if (meridiem > 0) {
            if (hour < 1 || hour > 12) {
                return Double.NaN;
            }
            // 12:xx AM is just after midnight, 12:xx PM just after noon.
            hour = hour % 12 + (meridiem == 2 ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return Double.NaN;
        }
        return hour * 3600 + minute * 60 + second + fraction;
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
