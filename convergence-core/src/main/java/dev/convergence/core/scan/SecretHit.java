package dev.convergence.core.scan;

import java.util.Objects;

/**
 * A secret found in one record (a transcript line or a text), in memory only: it holds the
 * secret itself, so it must never be printed or written; turn it into a
 * {@link dev.convergence.api.scan.Finding} for that.
 *
 * @param ruleId      the rule that found it
 * @param description what the rule finds
 * @param secret      the decoded secret
 */
public record SecretHit(String ruleId, String description, String secret) {

    public SecretHit {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(secret, "secret");
    }

    /** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
    public String sha256() {
        return SecretDigest.sha256Hex(secret);
    }

    /** The secret with all but a few characters hidden. */
    public String masked() {
        return SecretDigest.mask(secret);
    }

    @Override
    public String toString() {
        return "SecretHit[" + ruleId + ", " + masked() + "]";
    }
}
