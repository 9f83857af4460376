package dev.convergence.core.rewrite;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Rewrites one file from a stream to a stream: JSONL line by line (a line longer than the
 * in-memory limit is spooled to a temp file), JSON and text whole (spooled when large), binary
 * verbatim. Line terminators are kept exactly. Optionally checks each changed line's round trip.
 * Not thread-safe; one per call.
 */
final class StreamRewriter {

    private static final int READ_BUFFER = 1 << 20;

    private final PathRewriter owner;
    private final boolean canonicalize;
    private final boolean guard;
    private final int inMemoryLimit;
    private final LineRewriter lines;
    private final SpooledRewriter spooled;
    private final StatsCounter stats = new StatsCounter();
    private LineRewriter guardLocalize;
    private LineRewriter guardCanonicalize;
    private long[] textHits;

    StreamRewriter(PathRewriter owner, boolean canonicalize, boolean guard, int inMemoryLimit) {
        this.owner = owner;
        this.canonicalize = canonicalize;
        this.guard = guard && canonicalize;
        this.inMemoryLimit = inMemoryLimit;
        StringRewriter rewriter = owner.rewriter(canonicalize);
        this.lines = new LineRewriter(owner.anchors(), rewriter, canonicalize);
        this.spooled = new SpooledRewriter(rewriter);
        this.textHits = new long[owner.anchors().names().size()];
    }

    RewriteStats run(FileKind kind, InputStream in, OutputStream target) throws IOException {
        CountingOutputStream counted = new CountingOutputStream(target);
        OutputStream out = new BufferedOutputStream(counted, 1 << 16);
        stats.files = 1;
        switch (kind) {
            case JSONL -> jsonl(in, out);
            case JSON, TEXT -> whole(kind, in, out);
            case BINARY -> {
                stats.bytesIn += in.transferTo(out);
                stats.lines = 0;
            }
        }
        out.flush();
        stats.bytesOut = counted.count;
        return stats.toStats(owner.anchors().names(), lines.hits(), spooled.hits(), textHits);
    }

    /**
     * A read buffer kept per thread between files: a pull localizes hundreds of files, and a new
     * megabyte for each was a third of everything it allocated. Taken out while in use, since a
     * spooled line's round-trip check runs a nested rewrite on the same thread.
     */
    private static final ThreadLocal<byte[]> SPARE_BUFFER = new ThreadLocal<>();

    private void jsonl(InputStream in, OutputStream out) throws IOException {
        byte[] buf = SPARE_BUFFER.get();
        if (buf == null) {
            buf = new byte[READ_BUFFER];
        } else {
            SPARE_BUFFER.remove();
        }
        ByteSink partial = new ByteSink(1024);
        Spool spool = null;
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                int pos = 0;
                while (pos < n) {
                    int nl = indexOfNewline(buf, pos, n);
                    int end = nl < 0 ? n : nl;
                    if (spool == null && partial.size() + (end - pos) > inMemoryLimit) {
                        spool = new Spool();
                        spool.out.write(partial.array(), 0, partial.size());
                        partial.clear();
                    }
                    if (nl >= 0 && spool == null && partial.size() == 0) {
                        line(buf, pos, nl - pos, true, out);
                    } else if (spool != null) {
                        spool.out.write(buf, pos, end - pos);
                        if (nl >= 0) {
                            spooledLine(spool, true, out);
                            spool = null;
                        }
                    } else {
                        partial.write(buf, pos, end - pos);
                        if (nl >= 0) {
                            line(partial.array(), 0, partial.size(), true, out);
                            partial.clear();
                        }
                    }
                    pos = end + 1;
                }
            }
            if (spool != null) {
                spooledLine(spool, false, out);
                spool = null;
            } else if (partial.size() > 0) {
                line(partial.array(), 0, partial.size(), false, out);
            }
        } finally {
            SPARE_BUFFER.set(buf);
            if (spool != null) {
                spool.close();
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';

    /** The first {@code '\n'} in {@code b[from..to)}, or -1; eight bytes per step (a zero-byte test on {@code word ^ NEWLINES}). */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = (long) LONGS.get(b, i) ^ NEWLINES;
            long zero = (v - ONES) & ~v & HIGHS;
            if (zero != 0) {
                // Exact for the lowest zero byte, which is all we need.
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void line(byte[] b, int off, int len, boolean terminated, OutputStream out) throws IOException {
        stats.lines++;
        stats.bytesIn += len + (terminated ? 1 : 0);
        ByteSink result = lines.rewrite(b, off, len);
        if (result == null) {
            countFailure(lines.lastFailure(), len);
            out.write(b, off, len);
        } else {
            stats.changedLines++;
            if (guard) {
                checkLine(b, off, len, result);
            }
            out.write(result.array(), 0, result.size());
        }
        if (terminated) {
            out.write('\n');
        }
    }

    private void countFailure(JsonSyntaxChecker.Failure failure, long len) {
        if (failure == JsonSyntaxChecker.Failure.UTF8) {
            stats.invalidUtf8Lines++;
        } else if (failure == JsonSyntaxChecker.Failure.SYNTAX && len > 0) {
            stats.unparsableLines++;
        }
    }

    private void checkLine(byte[] b, int off, int len, ByteSink canonical) {
        if (guardLocalize == null) {
            guardLocalize = new LineRewriter(owner.anchors(), owner.rewriter(false), false);
            guardCanonicalize = new LineRewriter(owner.anchors(), owner.rewriter(true), true);
        }
        byte[] c = canonical.array();
        int cLen = canonical.size();
        ByteSink localized = guardLocalize.rewrite(c, 0, cLen);
        if (!owner.anchors().windows()) {
            boolean same = localized == null
                    ? Arrays.equals(c, 0, cLen, b, off, off + len)
                    : Arrays.equals(localized.array(), 0, localized.size(), b, off, off + len);
            if (!same) {
                String escape = lines.nonStandardEscape();
                stats.problem("line " + stats.lines + ": localizing the canonical text does not give back the original"
                        + (escape == null ? "" : " (non-standard JSON escape " + escape + ")"));
            }
            return;
        }
        byte[] back = localized == null ? c : localized.array();
        int backLen = localized == null ? cLen : localized.size();
        ByteSink again = guardCanonicalize.rewrite(back, 0, backLen);
        boolean same = again == null
                ? Arrays.equals(back, 0, backLen, c, 0, cLen)
                : Arrays.equals(again.array(), 0, again.size(), c, 0, cLen);
        if (!same) {
            stats.problem("line " + stats.lines + ": canonicalizing the localized text does not give back the canonical text");
        }
    }

    private void spooledLine(Spool spool, boolean terminated, OutputStream out) throws IOException {
        try (spool) {
            spool.out.close();
            long len = Files.size(spool.file);
            stats.lines++;
            stats.bytesIn += len + (terminated ? 1 : 0);
            spooledJson(spool.file, len, FileKind.JSONL, out);
            if (terminated) {
                out.write('\n');
            }
        }
    }

    private void spooledJson(Path file, long len, FileKind kind, OutputStream out) throws IOException {
        if (!guard) {
            JsonSyntaxChecker.Failure f = spooled.rewriteJson(file, out);
            countFailure(f, len);
            stats.changedLines += spooled.changed() ? 1 : 0;
            return;
        }
        try (Spool result = new Spool()) {
            JsonSyntaxChecker.Failure f = spooled.rewriteJson(file, result.out);
            result.out.close();
            countFailure(f, len);
            if (spooled.changed()) {
                stats.changedLines++;
                checkSpooled(kind, file, result.file);
            }
            Files.copy(result.file, out);
        }
    }

    /** The round-trip check for content too large for memory: compares digests of streamed rewrites. */
    private void checkSpooled(FileKind kind, Path original, Path canonical) throws IOException {
        if (!owner.anchors().windows()) {
            byte[] back = digest(out -> owner.localizeStream(kind, Files.newInputStream(canonical), out));
            byte[] orig = digest(out -> Files.copy(original, out));
            if (!Arrays.equals(back, orig)) {
                stats.problem("line " + stats.lines + ": localizing the canonical text does not give back the original");
            }
            return;
        }
        try (Spool localized = new Spool()) {
            owner.localizeStream(kind, Files.newInputStream(canonical), localized.out);
            localized.out.close();
            byte[] again = digest(out -> owner.canonicalizeStream(kind, Files.newInputStream(localized.file), out));
            byte[] canon = digest(out -> Files.copy(canonical, out));
            if (!Arrays.equals(again, canon)) {
                stats.problem("line " + stats.lines + ": canonicalizing the localized text does not give back the canonical text");
            }
        }
    }

    private void whole(FileKind kind, InputStream in, OutputStream out) throws IOException {
        stats.lines = 1;
        byte[] head = in.readNBytes(inMemoryLimit + 1);
        if (head.length > inMemoryLimit) {
            try (Spool spool = new Spool()) {
                spool.out.write(head);
                in.transferTo(spool.out);
                spool.out.close();
                long len = Files.size(spool.file);
                stats.bytesIn += len;
                if (kind == FileKind.JSON) {
                    spooledJson(spool.file, len, kind, out);
                } else {
                    spooledText(spool.file, out);
                }
            }
            return;
        }
        stats.bytesIn += head.length;
        if (kind == FileKind.JSON) {
            line(head, 0, head.length, false, out);
            stats.lines = 1;
            stats.bytesIn -= head.length; // line() counted it again
            return;
        }
        text(head, out);
    }

    private void text(byte[] bytes, OutputStream out) throws IOException {
        String original;
        try {
            original = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            stats.invalidUtf8Lines++;
            out.write(bytes);
            return;
        }
        StringRewriter.State st = owner.rewriter(canonicalize).newState();
        String result = owner.rewriter(canonicalize).rewrite(original, st);
        for (int i = 0; i < textHits.length; i++) {
            textHits[i] += st.hits[i];
        }
        if (result == original) {
            out.write(bytes);
            return;
        }
        stats.changedLines++;
        if (guard) {
            String back = owner.localize(result);
            boolean ok = owner.anchors().windows() ? owner.canonicalize(back).equals(result) : back.equals(original);
            if (!ok) {
                stats.problem(owner.anchors().windows()
                        ? "text: canonicalizing the localized text does not give back the canonical text"
                        : "text: localizing the canonical text does not give back the original");
            }
        }
        out.write(result.getBytes(StandardCharsets.UTF_8));
    }

    private void spooledText(Path file, OutputStream out) throws IOException {
        if (!guard) {
            if (!spooled.rewriteText(file, out)) {
                stats.invalidUtf8Lines++;
            }
            stats.changedLines += spooled.changed() ? 1 : 0;
            return;
        }
        try (Spool result = new Spool()) {
            boolean valid = spooled.rewriteText(file, result.out);
            result.out.close();
            if (!valid) {
                stats.invalidUtf8Lines++;
            } else if (spooled.changed()) {
                stats.changedLines++;
                checkSpooled(FileKind.TEXT, file, result.file);
            }
            Files.copy(result.file, out);
        }
    }

    /** Something that writes to a stream, possibly failing. */
    private interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private static byte[] digest(StreamWriter writer) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
                writer.writeTo(out);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A temp file that holds content too large for memory; deleted on close. */
    private static final class Spool implements AutoCloseable {
        final Path file;
        final OutputStream out;

        Spool() throws IOException {
            file = Files.createTempFile("convergence-", ".spool");
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        }

        @Override
        public void close() throws IOException {
            out.close();
            Files.deleteIfExists(file);
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
