package dev.convergence.core.hook;

import dev.convergence.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a settings file is laid out — its indent unit and line separator, or one compact line — so
 * that JSON we add reads as if the file's author wrote it. Printing follows {@code JSON.stringify}
 * (what Claude Code itself writes): {@code "key": value}, {@code {}} and {@code []} when empty.
 *
 * @param indent  one level of indentation ({@code ""} with an empty {@code newline} means compact)
 * @param newline the line separator, {@code ""} for a one-line file
 * @param spaced  in a one-line file, whether a space follows {@code :} and {@code ,}
 */
public record SettingsFormat(String indent, String newline, boolean spaced) {

    /** Claude Code's own layout: two spaces, {@code \n}. */
    public static final SettingsFormat DEFAULT = new SettingsFormat("  ", "\n", true);

    private static final Pattern FIRST_INDENT = Pattern.compile("\\n([ \\t]+)\\S");

    /** The layout of an existing file's text; {@link #DEFAULT} when it shows none (empty, {@code {}}). */
    public static SettingsFormat detect(String text) {
        String body = text.strip();
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        Matcher m = FIRST_INDENT.matcher(body);
        if (m.find()) {
            return new SettingsFormat(m.group(1), newline, true);
        }
        if (!body.contains("\n") && body.length() > 2) {
            return new SettingsFormat("", "", body.contains("\": "));
        }
        return DEFAULT;
    }

    public boolean compact() {
        return newline.isEmpty();
    }

    /** {@code ": "}, or {@code ":"} in a compact file. */
    public String keySeparator() {
        return compact() && !spaced ? ":" : ": ";
    }

    /** A value printed as a member {@code level} levels deep (its closing bracket indented to that level). */
    public String print(Object value, int level) {
        StringBuilder b = new StringBuilder();
        write(b, value, level);
        return b.toString();
    }

    /** The indentation at {@code level}. */
    public String indentAt(int level) {
        return indent.repeat(level);
    }

    private void write(StringBuilder b, Object v, int level) {
        if (v instanceof Map<?, ?> m) {
            writeContainer(b, '{', '}', m.entrySet().iterator(), m.isEmpty(), level, (e, lvl) -> {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
                quote(b, String.valueOf(entry.getKey()));
                b.append(keySeparator());
                write(b, entry.getValue(), lvl);
            });
        } else if (v instanceof List<?> l) {
            writeContainer(b, '[', ']', l.iterator(), l.isEmpty(), level, (e, lvl) -> write(b, e, lvl));
        } else if (v instanceof String s) {
            quote(b, s);
        } else if (v == null || v == Json.NULL) {
            b.append("null");
        } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof BigInteger
                || v instanceof BigDecimal) {
            b.append(v);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }

    private interface ElementWriter {
        void write(Object element, int level);
    }

    private void writeContainer(StringBuilder b, char open, char close, Iterator<?> elements, boolean empty, int level,
                                ElementWriter each) {
        b.append(open);
        if (empty) {
            b.append(close);
            return;
        }
        while (elements.hasNext()) {
            b.append(newline).append(indentAt(level + 1));
            each.write(elements.next(), level + 1);
            if (elements.hasNext()) {
                b.append(compact() && spaced ? ", " : ",");
            }
        }
        b.append(newline).append(indentAt(level)).append(close);
    }

    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
