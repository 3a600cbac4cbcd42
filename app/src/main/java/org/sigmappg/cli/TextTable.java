package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A listing printed as a plain-text table: every column as wide as its widest cell (a long dataset or layout name
 * widens its column instead of pushing the rest of its row out of line), numbers right-aligned, the last column
 * left unpadded.
 */
final class TextTable {
    private final String[] headings;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column headings; a heading starting with '>' names a right-aligned column (the '>' is not shown). */
    TextTable(String... headings) {
        this.headings = new String[headings.length];
        this.right = new boolean[headings.length];
        for (int i = 0; i < headings.length; i++) {
            right[i] = headings[i].startsWith(">");
            this.headings[i] = right[i] ? headings[i].substring(1) : headings[i];
        }
    }

    /** Adds a row; cells are shown as {@link CliCommand#shown} shows them. */
    TextTable add(Object... cells) {
        if (cells.length != headings.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + headings.length + " columns");
        }
        rows.add(Arrays.stream(cells).map(CliCommand::shown).toArray(String[]::new));
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[headings.length];
        for (int i = 0; i < headings.length; i++) {
            width[i] = headings[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        line(out, headings, width);
        for (String[] r : rows) {
            line(out, r, width);
        }
    }

    private void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String pad = " ".repeat(width[i] - cells[i].length());
            sb.append(i == 0 ? "" : "  ").append(right[i] ? pad + cells[i] : last ? cells[i] : cells[i] + pad);
        }
        out.println(sb);
    }
}
