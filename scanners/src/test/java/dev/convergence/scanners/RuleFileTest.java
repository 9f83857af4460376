package dev.convergence.scanners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.scan.SecretMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleFileTest {

    private static final List<String> ACME = List.of(
            "# a third-party pack",
            "[defaults]",
            "allow = (?i)example",
            "",
            "[rule acme-token]",
            "description = Acme token",
            "keywords = acme_",
            "regex = (?<secret>acme_[a-z0-9]{20})",
            "entropy = 3.0");

    @Test
    void aRuleFileBecomesAWorkingScanner() {
        RuleScanner scanner = new RuleScanner("acme", RuleFile.parse(ACME, "acme.conf"));
        List<SecretMatch> found = scanner.scan("TOKEN=acme_k3j4h5g6f7d8s9a0q1w2 and acme_exampleexample1234");
        assertEquals(1, found.size());
        assertEquals("acme-token", found.get(0).ruleId());
        assertEquals(6, found.get(0).start());
    }

    @Test
    void defaultsApplyToEveryRule() {
        Rule rule = RuleFile.parse(ACME, "acme.conf").get(0);
        assertTrue(rule.allow().stream().anyMatch(p -> p.pattern().equals("(?i)example")));
    }

    @Test
    void errorsNameTheFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuleFile.parse(List.of("[rule x]", "description = X", "keywords = x", "regex = (unclosed"), "bad.conf"));
        assertTrue(e.getMessage().startsWith("bad.conf:4"), e.getMessage());
    }

    @Test
    void aRuleNeedsKeywordsAndExactlyOneOfRegexAndDetector() {
        assertThrows(IllegalArgumentException.class,
                () -> RuleFile.parse(List.of("[rule x]", "description = X", "regex = x"), "a.conf"));
        assertThrows(IllegalArgumentException.class,
                () -> RuleFile.parse(List.of("[rule x]", "description = X", "keywords = x"), "a.conf"));
    }

    @Test
    void unknownKeysAndDuplicateIdsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> RuleFile.parse(List.of("[rule x]", "colour = red"), "a.conf"));
        assertThrows(IllegalArgumentException.class, () -> RuleFile.parse(List.of(
                "[rule x]", "description = X", "keywords = x", "regex = x",
                "[rule x]", "description = X", "keywords = x", "regex = x"), "a.conf"));
    }
}
