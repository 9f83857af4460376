package dev.convergence.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The cluster-wide name of a project: the git branch {@code project/<id>}, the directory or
 * prefix {@code <cluster>/<id>/}. Letters, digits, {@code .}, {@code _} and {@code -}; it starts
 * with a letter or digit, is at most 100 characters and never ends in {@code .lock}, so it is a
 * valid git ref component and a portable file name everywhere.
 */
public record ProjectId(String value) implements Comparable<ProjectId> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public ProjectId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches() || value.endsWith(".lock") || value.contains("..")) {
            throw new BadInputException("invalid project id '" + value + "'",
                    "use letters, digits, '.', '_' or '-' (at most 100, starting with a letter or digit), e.g. --project-id my-project");
        }
    }

    public static ProjectId of(String value) {
        return new ProjectId(value);
    }

    /** Whether {@code text} would be accepted as a project id. */
    public static boolean isValid(String text) {
        return text != null && VALID.matcher(text).matches() && !text.endsWith(".lock") && !text.contains("..");
    }

    @Override
    public int compareTo(ProjectId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
