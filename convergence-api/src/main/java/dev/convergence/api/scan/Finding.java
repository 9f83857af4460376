package dev.convergence.api.scan;

import java.util.Objects;

/**
 * A secret found in a project file, as reported to the user: never the secret itself.
 *
 * @param path         the file, relative to the context dir, {@code /}-separated
 * @param line         1-based line number (1 for a memory file's whole text when unknown)
 * @param ruleId       the rule that matched
 * @param description  what the rule finds
 * @param masked       the secret with all but a few characters hidden
 * @param secretSha256 lower-case hex SHA-256 of the secret: stable under appends, the allowlist key
 */
public record Finding(String path, long line, String ruleId, String description, String masked,
                      String secretSha256) {

    public Finding {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(secretSha256, "secretSha256");
    }

    /** The id {@code scan --allow} takes: rule id and the first 16 hex digits of the hash. */
    public String id() {
        return ruleId + ":" + secretSha256.substring(0, Math.min(16, secretSha256.length()));
    }
}
