package dev.convergence.core.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.convergence.api.BadInputException;
import dev.convergence.api.scan.Finding;
import dev.convergence.api.scan.SecretScanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds secrets in a Claude Code context dir: in each transcript line ({@code *.jsonl}) the
 * decoded string values and keys (and the strings of JSON held inside them), in every other
 * text file the whole text. A secret that a record holds twice (in {@code message.content} and
 * in the {@code toolUseResult} copy) is reported once for that record.
 *
 * <p>Thread-safe; the per-line and per-text methods are what the sync pipeline calls.
 */
public final class TranscriptScanner {

    private static final int BINARY_PROBE = 8192;

    private final DecodedStringScanner strings;

    /** Uses exactly these scanners. */
    public TranscriptScanner(List<SecretScanner> scanners) {
        this.strings = new DecodedStringScanner(scanners);
    }

    /** Uses the scanners found by {@link InstalledScanners#load()}. */
    public static TranscriptScanner withInstalledScanners() {
        return new TranscriptScanner(InstalledScanners.load());
    }

    /** A redactor that replaces what this scanner finds. */
    public SecretRedactor redactor() {
        return new SecretRedactor(this);
    }

    /** Every finding in every file under {@code contextDir}, ordered by path then line. */
    public List<Finding> scanContextDir(Path contextDir) {
        if (!Files.isDirectory(contextDir)) {
            throw new BadInputException("not a directory: " + contextDir, "give the project's context dir (~/.claude/projects/<encoded-path>)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(contextDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list " + contextDir + ": " + e.getMessage(), "check the permissions", e);
        }
        List<Finding> findings = new ArrayList<>();
        for (Path file : files) {
            String relative = contextDir.relativize(file).toString().replace('\\', '/');
            findings.addAll(scanFile(file, relative));
        }
        return List.copyOf(findings);
    }

    /** The findings in one file; {@code relativePath} is what findings name it. */
    public List<Finding> scanFile(Path file, String relativePath) {
        try {
            if (file.getFileName().toString().endsWith(".jsonl")) {
                return scanJsonlFile(file, relativePath);
            }
            return scanTextFile(file, relativePath);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), "check the permissions", e);
        }
    }

    private List<Finding> scanJsonlFile(Path file, String relativePath) throws IOException {
        List<Finding> findings = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            JsonlLineReader lines = new JsonlLineReader(in);
            long number = 0;
            while (lines.next()) {
                number++;
                for (SecretHit hit : scanJsonLine(lines.buffer(), 0, lines.length())) {
                    findings.add(finding(relativePath, number, hit));
                }
            }
        }
        return findings;
    }

    private List<Finding> scanTextFile(Path file, String relativePath) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < Math.min(bytes.length, BINARY_PROBE); i++) {
            if (bytes[i] == 0) {
                return List.of();
            }
        }
        String text = decodeUtf8(bytes, 0, bytes.length);
        List<Finding> findings = new ArrayList<>();
        for (SecretHit hit : scanText(text)) {
            int at = Math.max(0, text.indexOf(hit.secret()));
            findings.add(finding(relativePath, lineOf(text, at), hit));
        }
        return findings;
    }

    /** The distinct secrets in one transcript line (without its line break). */
    public List<SecretHit> scanJsonLine(byte[] line) {
        return scanJsonLine(line, 0, line.length);
    }

    /** The distinct secrets in {@code line[off, off+len)}: one transcript line, without its line break. */
    public List<SecretHit> scanJsonLine(byte[] line, int off, int len) {
        Map<String, SecretHit> hits = new LinkedHashMap<>();
        try (JsonParser p = strings.jsonFactory().createParser(line, off, len)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                    char[] chars = p.getTextCharacters();
                    int start = p.getTextOffset();
                    int count = p.getTextLength();
                    long mask = strings.selectScanners(chars, start, count);
                    if (mask != 0) {
                        strings.scan(new String(chars, start, count), mask, 0, hits);
                    }
                }
            }
        } catch (IOException e) {
            // not (or not yet whole) JSON, e.g. the half-written last line of a live session: scan it as text
            hits.clear();
            String text = decodeUtf8(line, off, len);
            long mask = strings.selectScanners(text);
            if (mask != 0) {
                strings.scan(text, mask, DecodedStringScanner.MAX_DEPTH, hits);
            }
        }
        return DecodedStringScanner.values(hits);
    }

    /** The distinct secrets in a text (a memory file, a line that is not JSON). */
    public List<SecretHit> scanText(String text) {
        Map<String, SecretHit> hits = new LinkedHashMap<>();
        long mask = strings.selectScanners(text);
        if (mask != 0) {
            strings.scan(text, mask, 0, hits);
        }
        return DecodedStringScanner.values(hits);
    }

    /** Turns a hit into what may be shown: the secret masked and hashed. */
    public static Finding finding(String path, long line, SecretHit hit) {
        return new Finding(path, line, hit.ruleId(), hit.description(), hit.masked(), hit.sha256());
    }

    DecodedStringScanner strings() {
        return strings;
    }

    private static long lineOf(String text, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static String decodeUtf8(byte[] bytes, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes, off, len)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        }
    }
}
