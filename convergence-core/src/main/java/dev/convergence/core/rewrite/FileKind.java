package dev.convergence.core.rewrite;

import java.util.Locale;

/** How a file of a context dir is rewritten, decided by its name. */
public enum FileKind {
    /** One JSON text per line ({@code .jsonl}); lines that do not parse pass through verbatim. */
    JSONL,
    /** One JSON document ({@code .json}); passes through verbatim when it does not parse. */
    JSON,
    /** Text rewritten as a whole ({@code .md}, {@code .txt}, anything else) when it is valid UTF-8, else verbatim. */
    TEXT,
    /** Copied byte for byte. Never chosen by name; callers may ask for it. */
    BINARY;

    /** The kind for a path relative to the context dir (either separator). */
    public static FileKind of(String relativePath) {
        String name = relativePath.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl")) {
            return JSONL;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        return TEXT;
    }
}
