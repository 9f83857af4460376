package dev.convergence.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: a header row and aligned columns separated by two spaces. The last column
 * is shortened with {@code …} when the table would be wider than the terminal.
 */
final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.asList(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The lines of the table; the header in bold when {@code terminal} colours. */
    List<String> render(Terminal terminal) {
        int[] widths = new int[header.size()];
        for (List<String> r : allRows()) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        int last = widths.length - 1;
        int before = 0;
        for (int i = 0; i < last; i++) {
            before += widths[i] + 2;
        }
        int lastWidth = Math.max(header.get(last).length(), Math.min(widths[last], terminal.width() - before));
        List<String> out = new ArrayList<>();
        boolean first = true;
        for (List<String> r : allRows()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < last; i++) {
                line.append(pad(r.get(i), widths[i])).append("  ");
            }
            line.append(fit(r.get(last), lastWidth));
            String text = line.toString().stripTrailing();
            out.add(first ? terminal.bold(text) : text);
            first = false;
        }
        return out;
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "…";
    }

    /** {@code 1536} → {@code 1.5 KB}; binary multiples, one decimal. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
