package dev.convergence.api;

import java.util.Objects;

/**
 * A recoverable problem reported as data rather than thrown: a file skipped, a line that does
 * not parse, a plugin that failed to load.
 *
 * @param source what it is about (a relative file path, a provider id), never {@code null}
 */
public record Diagnostic(Severity severity, String message, String source) {

    public enum Severity { INFO, WARNING, ERROR }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        source = source == null ? "" : source;
    }

    public static Diagnostic warning(String source, String message) {
        return new Diagnostic(Severity.WARNING, message, source);
    }

    public static Diagnostic error(String source, String message) {
        return new Diagnostic(Severity.ERROR, message, source);
    }
}
