package org.sigmappg.io;

/** Writing CSV the way spreadsheets, pandas and R read it back (RFC 4180 quoting), for every CSV the workbench writes. */
public final class CsvTools {
    private CsvTools() {
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break; null is the empty field. */
    public static String field(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
