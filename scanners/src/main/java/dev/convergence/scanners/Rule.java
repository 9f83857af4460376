package dev.convergence.scanners;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One secret rule, as read from a rule file: a regex (or a named code detector), the keywords
 * that must occur in a text for the rule to run, and the filters a candidate must pass.
 *
 * @param id          stable id reported in findings and used by allowlists ({@code github-pat-classic})
 * @param description one line a user understands
 * @param keywords    lower-case ASCII keywords; the regex only runs near an occurrence of one
 * @param pattern     the regex, or {@code null} when {@link #detector} finds the secret in code; the
 *                    secret is the group named {@code secret}, or the whole match when there is none
 * @param detector    the name of a code detector ({@code pem-private-key}), or {@code null}
 * @param validator   the name of a code check every candidate must pass ({@code crc32-base62}), or {@code null}
 * @param minEntropy  minimum Shannon entropy of the secret, bits per character; 0 turns the check off
 * @param maxLength   how far past a keyword the regex may look, in characters
 * @param allow       a candidate whose secret contains a match of any of these is not a secret
 * @param anchor      when {@code >= 0}, a match starts at most this many characters before a keyword
 *                    occurrence, so the regex is tried only there; when {@code -1}, the regex searches a
 *                    window around each occurrence
 */
public record Rule(String id, String description, List<String> keywords, Pattern pattern, String detector,
                   String validator, double minEntropy, int maxLength, List<Pattern> allow, int anchor) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        keywords = List.copyOf(keywords);
        allow = List.copyOf(allow);
        if (keywords.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + " has no keywords");
        }
        if ((pattern == null) == (detector == null)) {
            throw new IllegalArgumentException("rule " + id + " needs exactly one of regex and detector");
        }
        if (anchor < -1) {
            throw new IllegalArgumentException("rule " + id + " has anchor " + anchor);
        }
        if (maxLength <= 0) {
            throw new IllegalArgumentException("rule " + id + " has max-length " + maxLength);
        }
    }

    /** Whether the regex names its secret group. */
    boolean hasSecretGroup() {
        return pattern != null && pattern.pattern().contains("(?<secret>");
    }
}
