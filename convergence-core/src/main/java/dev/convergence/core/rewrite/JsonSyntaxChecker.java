package dev.convergence.core.rewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A push-style validator for one JSON text (RFC 8259, as {@code JSON.parse} accepts it) that also
 * checks UTF-8 inside strings, fed in chunks of any size with constant memory apart from the
 * nesting stack. It reports where each string's content starts and ends, and whether the string
 * uses an escape that can hide an anchor from the byte prefilter ({@code \}{@code u}, {@code \/}).
 * Given {@link ByteNeedles}, it also flags the strings a needle occurs in, in the same pass (the
 * needle check runs only at key bytes met in the plain-string loop; the text must then be fed in
 * one piece, so that a needle never spans two feeds). Plain string bytes are skipped eight at a
 * time when there are few key bytes. Not thread-safe; one instance per text, or
 * {@link #reset(StringListener)} between texts.
 */
final class JsonSyntaxChecker {

    /** Receives each string (key or value): content bytes {@code [start, end)} and flags. */
    interface StringListener {
        void string(long start, long end, int flags);
    }

    /** Flag: the string has an escape that the prefilter cannot see through. */
    static final int OPAQUE_ESCAPE = 1;
    /** Flag: the string has any escape. */
    static final int ANY_ESCAPE = 2;
    /** Flag: a needle occurs in the string's raw bytes (only when checking with needles). */
    static final int NEEDLE = 4;

    /** Outcome of a failed check. */
    enum Failure { NONE, SYNTAX, UTF8 }

    private static final int MAX_DEPTH = 1 << 20;
    // Byte classes inside a string: plain, plain and a needle's key byte, anything else.
    private static final byte PLAIN_BYTE = 0;
    private static final byte KEY_BYTE = 1;
    private static final byte SPECIAL_BYTE = 2;
    private static final byte[] NO_NEEDLE_CLASSES = new byte[256];

    // Inside strings, eight bytes per step: a word is skipped when it holds no byte the per-byte
    // loop would stop at. Each key byte adds a zero-byte test to every word, so with more than
    // MAX_WORD_KEYS of them (Windows needles fold case, doubling their letters) only the table
    // runs; the bound is a judgement, not a measurement.
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long CONTROLS = ONES * 0x20;
    private static final int MAX_WORD_KEYS = 3;
    /** Multiplied by {@code 1L << 8k}, its top byte is k. */
    private static final long LANE_INDEX = 0x0001020304050607L;

    static {
        for (int b = 0; b < 256; b++) {
            NO_NEEDLE_CLASSES[b] = b >= 0x20 && b < 0x80 && b != '"' && b != '\\' ? PLAIN_BYTE : SPECIAL_BYTE;
        }
    }

    // What the next token may be.
    private static final int VALUE = 0;          // a value (top level, after ':' or ',' in an array)
    private static final int ARRAY_FIRST = 1;    // a value or ']'
    private static final int OBJECT_FIRST = 2;   // a key or '}'
    private static final int KEY = 3;            // a key (after ',' in an object)
    private static final int COLON = 4;
    private static final int AFTER_VALUE = 5;    // ',' or a closer, or end at top level
    private static final int STRING = 6;
    private static final int ESCAPE = 7;
    private static final int UNICODE = 8;        // inside \\uXXXX
    private static final int UTF8 = 9;           // inside a multi-byte sequence
    private static final int NUMBER = 10;
    private static final int LITERAL = 11;
    private static final int DONE = 12;          // top-level value complete
    private static final int FAILED = 13;

    private int state;
    private long[] stack = new long[4];
    private int depth;
    private boolean stringIsKey;
    private long stringStart;
    private int stringFlags;
    private int pending;          // hex digits left, UTF-8 continuation bytes left, literal chars left
    private int utf8Lo;
    private int utf8Hi;
    private String literal;
    private int literalIndex;
    private int numberState;
    private long position;
    private Failure failure;
    private StringListener listener;
    private ByteNeedles needles;
    private byte[] classes = NO_NEEDLE_CLASSES;
    private boolean wordSkip = true;
    // The key bytes, each repeated in all eight lanes; unused slots repeat '"', already stopped at.
    private long key0 = QUOTES;
    private long key1 = QUOTES;
    private long key2 = QUOTES;

    JsonSyntaxChecker() {
        reset(null);
    }

    void reset(StringListener listener) {
        reset(listener, null);
    }

    /** Starts a new text; with {@code needles}, strings holding one get {@link #NEEDLE}. */
    void reset(StringListener listener, ByteNeedles needles) {
        if (needles != this.needles) {
            this.needles = needles;
            classes = needles == null ? NO_NEEDLE_CLASSES : classesFor(needles);
            wordKeys();
        }
        this.listener = listener;
        state = VALUE;
        depth = 0;
        position = 0;
        failure = Failure.NONE;
    }

    private static byte[] classesFor(ByteNeedles needles) {
        byte[] c = NO_NEEDLE_CLASSES.clone();
        for (int b = 0; b < 256; b++) {
            if (c[b] == PLAIN_BYTE && needles.isKey(b)) {
                c[b] = KEY_BYTE;
            }
        }
        return c;
    }

    private void wordKeys() {
        long[] keys = {QUOTES, QUOTES, QUOTES};
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (classes[b] == KEY_BYTE) {
                if (n < MAX_WORD_KEYS) {
                    keys[n] = ONES * b;
                }
                n++;
            }
        }
        wordSkip = n <= MAX_WORD_KEYS;
        key0 = keys[0];
        key1 = keys[1];
        key2 = keys[2];
    }

    /**
     * The first index in {@code b[i..end)} that may not be a plain string byte, or where fewer than
     * eight bytes are left. The zero-byte tests flag lanes above a true hit too (borrows), but
     * the lowest flagged lane is always a true hit, and that is the only one used.
     */
    private int skipPlainWords(byte[] b, int i, int end) {
        long k0 = key0;
        long k1 = key1;
        long k2 = key2;
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONGS.get(b, i);
            long q = v ^ QUOTES;
            long s = v ^ BACKSLASHES;
            long x0 = v ^ k0;
            long x1 = v ^ k1;
            long x2 = v ^ k2;
            // Zero-byte tests for '"', '\\' and the keys; v - CONTROLS sets the top bit of a lane
            // below 0x20 (and of lanes from 0xA0, which v flags anyway as non-ASCII).
            long hit = ((q - ONES) & ~q) | ((s - ONES) & ~s) | (v - CONTROLS) | v
                    | ((x0 - ONES) & ~x0) | ((x1 - ONES) & ~x1) | ((x2 - ONES) & ~x2);
            hit &= HIGHS;
            if (hit != 0) {
                // Not numberOfTrailingZeros: under C1, join's compiler, this is cheaper
                // (measured, localize 469 -> 510 MB per CPU-second).
                return i + (int) ((((hit & -hit) >>> 7) * LANE_INDEX) >>> 56);
            }
        }
        return i;
    }

    Failure failure() {
        return failure;
    }

    /** Feeds {@code b[off..off+len)}; returns false once the text is known to be invalid. */
    boolean feed(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        long base = position - off;
        while (i < end && state != FAILED) {
            int st = state;
            if (st == STRING) {
                byte[] cls = classes;
                int k = SPECIAL_BYTE;
                if (wordSkip) {
                    i = skipPlainWords(b, i, end);
                }
                while (i < end && (k = cls[b[i] & 0xff]) == PLAIN_BYTE) {
                    i++;
                }
                if (i == end) {
                    break;
                }
                if (k == KEY_BYTE) {
                    if ((stringFlags & NEEDLE) == 0 && needles.occursAt(b, i, off, end)) {
                        stringFlags |= NEEDLE;
                    }
                    i++;
                    continue;
                }
                int c = b[i] & 0xff;
                if (c == '"') {
                    endString(base + i);
                } else if (c == '\\') {
                    state = ESCAPE;
                    stringFlags |= ANY_ESCAPE;
                } else if (c < 0x20) {
                    fail(Failure.SYNTAX);
                } else {
                    startUtf8(c);
                }
                i++;
                continue;
            }
            step(b[i] & 0xff, base + i);
            i++;
        }
        position = base + end;
        return state != FAILED;
    }

    /** Whether the bytes fed so far form exactly one complete JSON value. */
    boolean finish() {
        if (state == NUMBER && numberAccepting()) {
            valueDone();
        }
        if (state == DONE) {
            return true;
        }
        if (state != FAILED) {
            failure = state == UTF8 ? Failure.UTF8 : Failure.SYNTAX;
            state = FAILED;
        }
        return false;
    }

    private void step(int c, long pos) {
        switch (state) {
            case ESCAPE -> escape(c);
            case UNICODE -> {
                if (Character.digit(c, 16) < 0) {
                    fail(Failure.SYNTAX);
                } else if (--pending == 0) {
                    state = STRING;
                }
            }
            case UTF8 -> continueUtf8(c);
            case LITERAL -> {
                if (c != literal.charAt(literalIndex++)) {
                    fail(Failure.SYNTAX);
                } else if (literalIndex == literal.length()) {
                    valueDone();
                }
            }
            case NUMBER -> number(c, pos);
            default -> structural(c, pos);
        }
    }

    private void structural(int c, long pos) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            return;
        }
        switch (state) {
            case VALUE, ARRAY_FIRST -> {
                if (state == ARRAY_FIRST && c == ']') {
                    close(false);
                } else {
                    value(c, pos);
                }
            }
            case OBJECT_FIRST, KEY -> {
                if (c == '"') {
                    startString(pos, true);
                } else if (c == '}' && state == OBJECT_FIRST) {
                    close(true);
                } else {
                    fail(Failure.SYNTAX);
                }
            }
            case COLON -> {
                if (c == ':') {
                    state = VALUE;
                } else {
                    fail(Failure.SYNTAX);
                }
            }
            case AFTER_VALUE -> afterValue(c);
            default -> fail(Failure.SYNTAX); // DONE: trailing garbage
        }
    }

    private void value(int c, long pos) {
        switch (c) {
            case '"' -> startString(pos, false);
            case '{' -> open(true);
            case '[' -> open(false);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    state = NUMBER;
                    numberState = c == '-' ? 0 : c == '0' ? 1 : 2;
                } else {
                    fail(Failure.SYNTAX);
                }
            }
        }
    }

    private void afterValue(int c) {
        boolean inObject = depth > 0 && (stack[(depth - 1) >>> 6] & (1L << ((depth - 1) & 63))) != 0;
        if (c == ',') {
            state = inObject ? KEY : VALUE;
        } else if (c == '}' && inObject) {
            close(true);
        } else if (c == ']' && depth > 0 && !inObject) {
            close(false);
        } else {
            fail(Failure.SYNTAX);
        }
    }

    private void open(boolean object) {
        if (depth == MAX_DEPTH) {
            fail(Failure.SYNTAX);
            return;
        }
        if ((depth >>> 6) == stack.length) {
            stack = Arrays.copyOf(stack, stack.length * 2);
        }
        long bit = 1L << (depth & 63);
        stack[depth >>> 6] = object ? stack[depth >>> 6] | bit : stack[depth >>> 6] & ~bit;
        depth++;
        state = object ? OBJECT_FIRST : ARRAY_FIRST;
    }

    private void close(boolean object) {
        depth--;
        valueDone();
    }

    private void valueDone() {
        state = depth == 0 ? DONE : AFTER_VALUE;
    }

    private void literal(String word) {
        literal = word;
        literalIndex = 1;
        state = LITERAL;
    }

    private void startString(long pos, boolean key) {
        stringIsKey = key;
        stringStart = pos + 1;
        stringFlags = 0;
        state = STRING;
    }

    private void endString(long pos) {
        if (listener != null) {
            listener.string(stringStart, pos, stringFlags);
        }
        if (stringIsKey) {
            state = COLON;
        } else {
            valueDone();
        }
    }

    private void escape(int c) {
        switch (c) {
            case '"', '\\', 'b', 'f', 'n', 'r', 't' -> state = STRING;
            case '/' -> {
                stringFlags |= OPAQUE_ESCAPE;
                state = STRING;
            }
            case 'u' -> {
                stringFlags |= OPAQUE_ESCAPE;
                pending = 4;
                state = UNICODE;
            }
            default -> fail(Failure.SYNTAX);
        }
    }

    private void startUtf8(int c) {
        // Well-formed UTF-8 (Unicode table 3-7): no overlongs, no surrogates, nothing past U+10FFFF.
        utf8Lo = 0x80;
        utf8Hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            pending = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            pending = 2;
            if (c == 0xE0) {
                utf8Lo = 0xA0;
            } else if (c == 0xED) {
                utf8Hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            pending = 3;
            if (c == 0xF0) {
                utf8Lo = 0x90;
            } else if (c == 0xF4) {
                utf8Hi = 0x8F;
            }
        } else {
            fail(Failure.UTF8);
            return;
        }
        state = UTF8;
    }

    private void continueUtf8(int c) {
        if (c < utf8Lo || c > utf8Hi) {
            fail(Failure.UTF8);
            return;
        }
        utf8Lo = 0x80;
        utf8Hi = 0xBF;
        if (--pending == 0) {
            state = STRING;
        }
    }

    // Number sub-states: 0 after '-', 1 after leading 0, 2 integer digits, 3 after '.',
    // 4 fraction digits, 5 after 'e', 6 after exponent sign, 7 exponent digits.
    private void number(int c, long pos) {
        boolean digit = c >= '0' && c <= '9';
        int ns = numberState;
        int next = -1;
        if (ns == 0) {
            next = c == '0' ? 1 : digit ? 2 : -1;
        } else if ((ns == 1 || ns == 2) && c == '.') {
            next = 3;
        } else if ((ns == 1 || ns == 2 || ns == 4) && (c == 'e' || c == 'E')) {
            next = 5;
        } else if (ns == 2 && digit) {
            next = 2;
        } else if ((ns == 3 || ns == 4) && digit) {
            next = 4;
        } else if (ns == 5 && (c == '+' || c == '-')) {
            next = 6;
        } else if ((ns == 5 || ns == 6 || ns == 7) && digit) {
            next = 7;
        }
        if (next >= 0) {
            numberState = next;
            return;
        }
        if (!numberAccepting()) {
            fail(Failure.SYNTAX);
            return;
        }
        valueDone();
        structural(c, pos);
    }

    private boolean numberAccepting() {
        return numberState == 1 || numberState == 2 || numberState == 4 || numberState == 7;
    }

    private void fail(Failure f) {
        if (state != FAILED) {
            failure = f;
            state = FAILED;
        }
    }
}
