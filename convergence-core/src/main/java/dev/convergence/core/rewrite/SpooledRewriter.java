package dev.convergence.core.rewrite;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rewrites content too large to hold in memory (a long JSONL line, a large JSON or text file)
 * from a spool file, in two passes with bounded memory: the first checks it (JSON syntax and
 * UTF-8, or UTF-8 alone for text), the second rewrites strings in windows of {@link #WINDOW}
 * characters. A window whose text does not change is written as its original bytes. Not
 * thread-safe; one per file.
 */
final class SpooledRewriter {

    static final int WINDOW = 1 << 16;
    private static final int CHUNK = 1 << 16;

    private final StringRewriter rewriter;
    private final StringRewriter.State state;
    private final char[] window = new char[WINDOW];
    private final int[] rawEnd = new int[WINDOW];
    private byte[] raw = new byte[WINDOW * 6 + 16];
    private int windowLength;
    private int rawLength;
    private boolean changed;
    private final StringBuilder text = new StringBuilder();
    private final ByteSink encoded = new ByteSink(CHUNK);
    private OutputStream out;

    SpooledRewriter(StringRewriter rewriter) {
        this.rewriter = rewriter;
        this.state = rewriter.newState();
    }

    long[] hits() {
        return state.hits;
    }

    /** Whether the last call wrote anything other than its input bytes. */
    boolean changed() {
        return changed;
    }

    /** Rewrites one JSON text; when it is not valid JSON/UTF-8 copies it verbatim and says why. */
    JsonSyntaxChecker.Failure rewriteJson(Path file, OutputStream target) throws IOException {
        changed = false;
        JsonSyntaxChecker checker = new JsonSyntaxChecker();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                if (!checker.feed(chunk, 0, n)) {
                    break;
                }
            }
        }
        if (!checker.finish()) {
            Files.copy(file, target);
            return checker.failure();
        }
        this.out = target;
        try (InputStream in = Files.newInputStream(file)) {
            new JsonStreamDecoder().run(in, chunk);
        }
        return JsonSyntaxChecker.Failure.NONE;
    }

    /** Rewrites UTF-8 text as a whole; returns false (and copies verbatim) when it is not valid UTF-8. */
    boolean rewriteText(Path file, OutputStream target) throws IOException {
        changed = false;
        char[] buf = new char[CHUNK];
        try (Reader r = strictReader(file)) {
            while (r.read(buf) >= 0) {
                // only checking
            }
        } catch (CharacterCodingException e) {
            Files.copy(file, target);
            return false;
        }
        Writer w = new OutputStreamWriter(nonClosing(target), StandardCharsets.UTF_8);
        try (Reader r = strictReader(file)) {
            state.reset();
            int len = 0;
            for (int n; (n = r.read(window, len, WINDOW - len)) >= 0; ) {
                len += n;
                if (len < WINDOW) {
                    continue;
                }
                len = rewriteWindow(len, false, w);
            }
            rewriteWindow(len, true, w);
        }
        w.flush();
        return true;
    }

    private int rewriteWindow(int len, boolean last, Writer w) throws IOException {
        text.setLength(0);
        int used = rewriter.rewrite(window, 0, len, last, text, state);
        changed |= state.changed;
        w.append(text);
        System.arraycopy(window, used, window, 0, len - used);
        return len - used;
    }

    private static Reader strictReader(Path file) throws IOException {
        return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static OutputStream nonClosing(OutputStream target) {
        return new java.io.FilterOutputStream(target) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Walks a valid JSON text: bytes outside strings are copied, string content goes through windows. */
    private final class JsonStreamDecoder {
        private boolean inString;
        private int escape;       // 0 none, 1 after '\', 2..5 hex digits of \\u
        private int unicode;
        private int utf8Need;
        private int codePoint;

        void run(InputStream in, byte[] chunk) throws IOException {
            for (int n; (n = in.read(chunk)) > 0; ) {
                int runStart = 0;
                for (int i = 0; i < n; i++) {
                    int b = chunk[i] & 0xff;
                    if (!inString) {
                        if (b == '"') {
                            out.write(chunk, runStart, i + 1 - runStart);
                            inString = true;
                            state.reset();
                            windowLength = 0;
                            rawLength = 0;
                        }
                        continue;
                    }
                    if (escape == 0 && utf8Need == 0 && b == '"') {
                        flush(true);
                        runStart = i; // the closing quote is copied with the next run
                        inString = false;
                        continue;
                    }
                    content(b);
                    runStart = i + 1;
                }
                if (!inString) {
                    out.write(chunk, runStart, n - runStart);
                }
            }
        }

        private void content(int b) throws IOException {
            raw[rawLength++] = (byte) b;
            if (escape == 1) {
                if (b == 'u') {
                    escape = 2;
                    unicode = 0;
                } else {
                    escape = 0;
                    add(switch (b) {
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> (char) b;
                    });
                }
            } else if (escape >= 2) {
                unicode = unicode * 16 + Character.digit(b, 16);
                if (++escape == 6) {
                    escape = 0;
                    add((char) unicode);
                }
            } else if (utf8Need > 0) {
                codePoint = (codePoint << 6) | (b & 0x3F);
                if (--utf8Need == 0) {
                    addCodePoint(codePoint);
                }
            } else if (b == '\\') {
                escape = 1;
            } else if (b < 0x80) {
                add((char) b);
            } else if (b < 0xE0) {
                utf8Need = 1;
                codePoint = b & 0x1F;
            } else if (b < 0xF0) {
                utf8Need = 2;
                codePoint = b & 0x0F;
            } else {
                utf8Need = 3;
                codePoint = b & 0x07;
            }
        }

        private void addCodePoint(int cp) throws IOException {
            if (cp < 0x10000) {
                add((char) cp);
            } else {
                // Both halves end at the same raw byte, so a window never splits the pair's bytes.
                window[windowLength] = Character.highSurrogate(cp);
                rawEnd[windowLength++] = rawLength;
                add(Character.lowSurrogate(cp));
            }
        }

        private void add(char c) throws IOException {
            window[windowLength] = c;
            rawEnd[windowLength++] = rawLength;
            if (windowLength >= WINDOW - 1) {
                flush(false);
            }
        }

        private void flush(boolean last) throws IOException {
            text.setLength(0);
            state.changed = false;
            int used = rewriter.rewrite(window, 0, windowLength, last, text, state);
            int rawUsed = used == 0 ? 0 : rawEnd[used - 1];
            if (state.changed) {
                changed = true;
                encoded.clear();
                char[] chars = new char[text.length()];
                text.getChars(0, chars.length, chars, 0);
                JsonStrings.encode(chars, 0, chars.length, encoded);
                out.write(encoded.array(), 0, encoded.size());
            } else {
                out.write(raw, 0, rawUsed);
            }
            System.arraycopy(raw, rawUsed, raw, 0, rawLength - rawUsed);
            rawLength -= rawUsed;
            for (int k = used; k < windowLength; k++) {
                window[k - used] = window[k];
                rawEnd[k - used] = rawEnd[k] - rawUsed;
            }
            windowLength -= used;
        }
    }
}
