package dev.convergence.core.rewrite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Learns a context dir's project root from the {@code cwd} fields of its transcripts: the root
 * is the cwd, or an ancestor of one, whose {@link ClaudePaths#encode encoding} is the folder's
 * name (the encoding is lossy and is never decoded). A cwd may be a subdirectory of the root;
 * sibling roots ({@code /a/proj-tools}) encode differently and never win. Reads each file as a
 * stream with bounded memory. Stateless.
 */
public final class RootInference {

    private static final byte[] KEY = "\"cwd\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CWD_BYTES = 8192;

    /**
     * What inference saw.
     *
     * @param root       the inferred root in native form, if any candidate matched
     * @param folderName the context dir's folder name
     * @param cwds       each distinct cwd seen, with how many lines carried it
     */
    public record Result(Optional<String> root, String folderName, Map<String, Long> cwds) {
        public Result {
            cwds = Map.copyOf(cwds);
        }
    }

    private RootInference() {
    }

    /** Infers the root of {@code contextDir} from its {@code .jsonl} files (any depth). */
    public static Result infer(Path contextDir) {
        Map<String, Long> cwds = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(contextDir)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".jsonl")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    collectCwds(in, cwds);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String folder = contextDir.getFileName() == null ? "" : contextDir.getFileName().toString();
        return new Result(choose(folder, cwds), folder, cwds);
    }

    /** The root for a folder name given cwds (native form), or empty. */
    public static Optional<String> choose(String folderName, Map<String, Long> cwds) {
        Map<String, Long> votes = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : cwds.entrySet()) {
            for (String candidate : selfAndAncestors(e.getKey())) {
                if (ClaudePaths.encode(candidate).equals(folderName)) {
                    votes.merge(candidate, e.getValue(), Long::sum);
                }
            }
        }
        return votes.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(e -> -e.getKey().length()))
                .map(Map.Entry::getKey);
    }

    /** {@code /a/b/c} → {@code /a/b/c, /a/b, /a, /}; {@code C:\a\b} → {@code C:\a\b, C:\a, C:\}. */
    static List<String> selfAndAncestors(String path) {
        List<String> out = new ArrayList<>();
        String p = path;
        while (p.length() > 1 && (p.endsWith("/") || p.endsWith("\\"))) {
            p = p.substring(0, p.length() - 1);
        }
        out.add(p);
        while (true) {
            int cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
            if (cut < 0) {
                break;
            }
            String parent = p.substring(0, cut);
            if (parent.isEmpty() || parent.matches("[A-Za-z]:")) {
                parent = p.substring(0, cut + 1);
            }
            if (parent.equals(p)) {
                break;
            }
            out.add(parent);
            p = parent;
        }
        return out;
    }

    private static void collectCwds(InputStream in, Map<String, Long> cwds) throws IOException {
        byte[] buf = new byte[1 << 16];
        int matched = 0;
        byte[] value = new byte[MAX_CWD_BYTES];
        int valueLength = -1; // -1: not inside a cwd value
        boolean escaped = false;
        for (int n; (n = in.read(buf)) > 0; ) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (valueLength >= 0) {
                    if (!escaped && b == '"') {
                        String raw = new String(value, 0, Math.min(valueLength, MAX_CWD_BYTES), StandardCharsets.UTF_8);
                        if (valueLength <= MAX_CWD_BYTES) {
                            cwds.merge(unescape(raw), 1L, Long::sum);
                        }
                        valueLength = -1;
                        continue;
                    }
                    escaped = !escaped && b == '\\';
                    if (valueLength < MAX_CWD_BYTES) {
                        value[valueLength] = b;
                    }
                    valueLength++;
                    continue;
                }
                matched = b == KEY[matched] ? matched + 1 : (b == KEY[0] ? 1 : 0);
                if (matched == KEY.length) {
                    matched = 0;
                    valueLength = 0;
                    escaped = false;
                }
            }
        }
    }

    private static String unescape(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        try {
            int n = JsonStrings.decode(bytes, 0, bytes.length, out);
            return new String(out, 0, n);
        } catch (RuntimeException malformed) {
            return raw; // a cut or malformed escape: keep the raw text, it simply will not match
        }
    }
}
