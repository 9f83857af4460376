package dev.convergence.core.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces every secret a {@link TranscriptScanner} finds in a record with
 * {@code [REDACTED:<rule-id>]}, wherever in the record it occurs: in every string and key, in
 * JSON held inside strings, and in its JSON-escaped and doubly escaped forms. Strings that do
 * not change keep their raw bytes; changed strings are re-encoded as JavaScript's
 * {@code JSON.stringify} would. A valid JSON line stays valid JSON, and redacting twice gives the
 * same bytes as redacting once. Thread-safe.
 */
public final class SecretRedactor {

    private final TranscriptScanner scanner;

    SecretRedactor(TranscriptScanner scanner) {
        this.scanner = scanner;
    }

    /** The marker that replaces a secret found by {@code ruleId}. */
    public static String marker(String ruleId) {
        return DecodedStringScanner.REDACTION_MARK + ruleId + "]";
    }

    /**
     * One transcript line (without its line break) with its secrets redacted; the same array when
     * there was nothing to redact. A line that is not JSON is redacted as text.
     */
    public byte[] redactLine(byte[] jsonLine) {
        List<SecretHit> hits = scanner.scanJsonLine(jsonLine);
        if (hits.isEmpty()) {
            return jsonLine;
        }
        List<Replacement> replacements = replacements(hits);
        try {
            return redactJson(jsonLine, replacements, 0);
        } catch (IOException e) {
            String text = TranscriptScanner.decodeUtf8(jsonLine, 0, jsonLine.length);
            return replaceAll(text, replacements).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A text (a memory file) with its secrets redacted. */
    public String redactText(String text) {
        List<SecretHit> hits = scanner.scanText(text);
        if (hits.isEmpty()) {
            return text;
        }
        return redactString(text, replacements(hits), 0);
    }

    private byte[] redactJson(byte[] doc, List<Replacement> replacements, int depth) throws IOException {
        ByteArrayOutputStream out = null;
        int copied = 0;
        try (JsonParser p = scanner.strings().jsonFactory().createParser(doc)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.VALUE_STRING && t != JsonToken.FIELD_NAME) {
                    continue;
                }
                String value = t == JsonToken.FIELD_NAME ? p.currentName() : p.getText();
                String redacted = redactString(value, replacements, depth);
                if (redacted.equals(value)) {
                    continue;
                }
                int start = openingQuote(doc, (int) p.currentTokenLocation().getByteOffset());
                int end = closingQuote(doc, start) + 1;
                if (out == null) {
                    out = new ByteArrayOutputStream(doc.length);
                }
                out.write(doc, copied, start - copied);
                out.write(JsonQuoting.quote(redacted).getBytes(StandardCharsets.UTF_8));
                copied = end;
            }
        }
        if (out == null) {
            return doc;
        }
        out.write(doc, copied, doc.length - copied);
        return out.toByteArray();
    }

    private String redactString(String value, List<Replacement> replacements, int depth) {
        String result = value;
        if (depth < DecodedStringScanner.MAX_DEPTH && DecodedStringScanner.looksLikeJson(value)) {
            try {
                byte[] nested = value.getBytes(StandardCharsets.UTF_8);
                byte[] redacted = redactJson(nested, replacements, depth + 1);
                if (redacted != nested) {
                    result = new String(redacted, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                // not JSON after all: the textual replacement below still applies
            }
        }
        return replaceAll(result, replacements);
    }

    private static String replaceAll(String text, List<Replacement> replacements) {
        String result = text;
        for (Replacement r : replacements) {
            if (result.contains(r.form)) {
                result = result.replace(r.form, r.marker);
            }
        }
        return result;
    }

    /** Each secret in its decoded, escaped and doubly escaped forms, longest first. */
    private static List<Replacement> replacements(List<SecretHit> hits) {
        Map<String, Replacement> forms = new LinkedHashMap<>();
        for (SecretHit hit : hits) {
            String once = JsonQuoting.escape(hit.secret());
            String twice = JsonQuoting.escape(once);
            for (String form : List.of(hit.secret(), once, twice)) {
                forms.putIfAbsent(form, new Replacement(form, marker(hit.ruleId())));
            }
        }
        List<Replacement> list = new ArrayList<>(forms.values());
        list.sort(Comparator.comparingInt((Replacement r) -> r.form.length()).reversed());
        return list;
    }

    private static int openingQuote(byte[] doc, int from) {
        int i = Math.max(0, from);
        while (i < doc.length && doc[i] != '"') {
            i++;
        }
        return i;
    }

    private static int closingQuote(byte[] doc, int openingQuote) {
        int i = openingQuote + 1;
        while (i < doc.length && doc[i] != '"') {
            i += doc[i] == '\\' ? 2 : 1;
        }
        return i;
    }

    private record Replacement(String form, String marker) {
    }
}
