package dev.convergence.api.scan;

import java.util.Objects;

/**
 * A secret found in a text: the rule that found it and the secret's span {@code [start, end)}.
 *
 * @param ruleId      stable rule id ({@code aws-access-key-id}, {@code github-pat})
 * @param description one line a user understands ("AWS access key id")
 */
public record SecretMatch(String ruleId, String description, int start, int end) {

    public SecretMatch {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(description, "description");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }
}
