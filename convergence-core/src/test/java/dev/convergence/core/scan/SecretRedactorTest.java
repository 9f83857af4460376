package dev.convergence.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    private static final String SECRET = TranscriptScannerTest.SECRET;
    private static final String MARK = "[REDACTED:test-token]";
    private final SecretRedactor redactor = new TranscriptScanner(List.of(new TokenScanner())).redactor();

    @Test
    void aLineWithoutSecretsIsReturnedAsIs() {
        byte[] line = utf8("{\"a\": \"b\" ,\"c\":[1,2]}");
        assertSame(line, redactor.redactLine(line));
    }

    @Test
    void onlyTheChangedStringIsReEncodedTheRestStaysByteExact() {
        String line = "{\"keep\":\"caf\\u00e9 \\/ x\",  \"t\":\"k=" + SECRET + "\\u00e9\" , \"n\":1.50}";
        String expected = "{\"keep\":\"caf\\u00e9 \\/ x\",  \"t\":\"k=" + MARK + "é\" , \"n\":1.50}";
        assertEquals(expected, redact(line));
    }

    @Test
    void changedStringsAreEscapedAsJsonStringifyDoes() {
        String line = "{\"t\":\"" + SECRET + "\\n\\t\\u0001\\\"\\\\\\u2028\"}";
        assertEquals("{\"t\":\"" + MARK + "\\n\\t\\u0001\\\"\\\\\u2028\"}", redact(line));
    }

    @Test
    void everyCopyInTheRecordIsRedactedIncludingKeysNestedJsonAndEscapedForms() {
        String line = "{\"" + SECRET + "\":1,\"a\":\"{\\\"b\\\":\\\"" + SECRET + "\\\"}\",\"c\":\"log {\\\\\\\"x\\\\\\\": \\\\\\\"" + SECRET + "\\\\\\\"}\"}";
        String out = redact(line);
        assertEquals(-1, out.indexOf(SECRET), out);
        assertEquals(3, out.split("REDACTED", -1).length - 1, out);
    }

    @Test
    void redactingTwiceIsRedactingOnce() {
        String once = redact("{\"a\":\"" + SECRET + " and " + SECRET + "\"}");
        assertEquals(once, redact(once));
    }

    @Test
    void aLineThatIsNotJsonIsRedactedAsText() {
        assertEquals("{\"half\":\"" + MARK, redact("{\"half\":\"" + SECRET));
    }

    @Test
    void textIsRedacted() {
        assertEquals("token " + MARK + "\n", redactor.redactText("token " + SECRET + "\n"));
    }

    private String redact(String line) {
        return new String(redactor.redactLine(utf8(line)), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
