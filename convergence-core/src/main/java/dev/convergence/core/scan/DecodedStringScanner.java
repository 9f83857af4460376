package dev.convergence.core.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.convergence.api.scan.KeywordIndex;
import dev.convergence.api.scan.SecretMatch;
import dev.convergence.api.scan.SecretScanner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the scanners over decoded strings: one keyword pass over all scanners' keywords decides
 * which scanners (if any) see a string; a string that itself holds a JSON object or array is
 * also parsed and its strings scanned in turn, so secrets escaped once more are found decoded.
 * Thread-safe.
 */
final class DecodedStringScanner {

    /** How deep JSON held in strings is followed (a tool result holding a JSON file holding JSON…). */
    static final int MAX_DEPTH = 4;
    static final String REDACTION_MARK = "[REDACTED:";

    private final List<SecretScanner> scanners;
    private final KeywordIndex gate;
    /** For each keyword of {@link #gate}: a bit mask of the scanners that declared it. */
    private final long[] scannersOfKeyword;
    /** Scanners without keywords: they see every string. */
    private final long alwaysRun;
    private final JsonFactory json = JsonFactory.builder().build();

    DecodedStringScanner(List<SecretScanner> scanners) {
        if (scanners.size() > 64) {
            throw new IllegalArgumentException("at most 64 secret scanners are supported, got " + scanners.size());
        }
        this.scanners = List.copyOf(scanners);
        Map<String, Long> masks = new LinkedHashMap<>();
        long always = 0;
        for (int i = 0; i < this.scanners.size(); i++) {
            var keywords = this.scanners.get(i).keywords();
            if (keywords.isEmpty()) {
                always |= 1L << i;
            }
            for (String k : keywords) {
                masks.merge(k, 1L << i, (a, b) -> a | b);
            }
        }
        alwaysRun = always;
        List<String> keywords = List.copyOf(masks.keySet());
        gate = keywords.isEmpty() ? null : new KeywordIndex(keywords);
        scannersOfKeyword = masks.values().stream().mapToLong(Long::longValue).toArray();
    }

    JsonFactory jsonFactory() {
        return json;
    }

    /** The scanners that must see {@code text[off, off+len)}; 0 when no keyword occurs. */
    long selectScanners(char[] text, int off, int len) {
        if (gate == null) {
            return alwaysRun;
        }
        if (scanners.size() == 1) {
            // the common case (the built-in pack alone): stop at the first keyword
            return alwaysRun != 0 || gate.containsAny(text, off, off + len) ? 1L : 0L;
        }
        long[] mask = {alwaysRun};
        gate.search(text, off, off + len, (k, end) -> {
            mask[0] |= scannersOfKeyword[k];
            return true;
        });
        return mask[0];
    }

    long selectScanners(String text) {
        if (gate == null) {
            return alwaysRun;
        }
        long[] mask = {alwaysRun};
        gate.search(text, (k, end) -> {
            mask[0] |= scannersOfKeyword[k];
            return true;
        });
        return mask[0];
    }

    /**
     * Scans one decoded string that passed {@link #selectScanners} with {@code mask}, and the
     * strings of any JSON it holds, adding each distinct (rule, secret) to {@code hits}.
     */
    void scan(String text, long mask, int depth, Map<String, SecretHit> hits) {
        for (int i = 0; i < scanners.size(); i++) {
            if ((mask & (1L << i)) == 0) {
                continue;
            }
            for (SecretMatch m : scanners.get(i).scan(text)) {
                if (m.end() > text.length()) {
                    continue;
                }
                String secret = text.substring(m.start(), m.end());
                if (!secret.contains(REDACTION_MARK)) {
                    hits.putIfAbsent(m.ruleId() + '\u0000' + secret, new SecretHit(m.ruleId(), m.description(), secret));
                }
            }
        }
        if (depth < MAX_DEPTH && looksLikeJson(text)) {
            scanNestedJson(text, depth + 1, hits);
        }
    }

    private void scanNestedJson(String text, int depth, Map<String, SecretHit> hits) {
        try (JsonParser p = json.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                    String s = t == JsonToken.FIELD_NAME ? p.currentName() : p.getText();
                    long mask = selectScanners(s);
                    if (mask != 0) {
                        scan(s, mask, depth, hits);
                    }
                }
            }
        } catch (IOException e) {
            // not JSON after all (or truncated): the text itself was already scanned
        }
    }

    static boolean looksLikeJson(String s) {
        int a = 0;
        int b = s.length() - 1;
        while (a <= b && Character.isWhitespace(s.charAt(a))) {
            a++;
        }
        while (b >= a && Character.isWhitespace(s.charAt(b))) {
            b--;
        }
        if (b - a < 1) {
            return false;
        }
        char first = s.charAt(a);
        char last = s.charAt(b);
        return first == '{' && last == '}' || first == '[' && last == ']';
    }

    static List<SecretHit> values(Map<String, SecretHit> hits) {
        return hits.isEmpty() ? List.of() : List.copyOf(new ArrayList<>(hits.values()));
    }
}
