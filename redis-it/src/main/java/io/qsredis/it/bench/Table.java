package io.qsredis.it.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A table printed as {@code bin/bench cluster} prints its own: the first column left-aligned, the rest right-aligned. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    void add(String... row) {
        if (row.length != rows.get(0).length) {
            throw new IllegalArgumentException("a row of " + row.length + " cells in a table of " + rows.get(0).length + " columns");
        }
        rows.add(row);
    }

    void print() {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("| ");
            for (int i = 0; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, i == 0 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s", row[i])).append(" | ");
            }
            System.out.println(line.toString().trim());
            if (row == rows.get(0)) {
                StringBuilder rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append("-".repeat(width + 2)).append('|');
                }
                System.out.println(rule);
            }
        }
    }
}
