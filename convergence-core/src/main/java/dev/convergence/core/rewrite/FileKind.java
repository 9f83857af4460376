package dev.convergence.core.rewrite;

/** TEMPORARY stand-in until the engine branch lands. */
public enum FileKind {
    JSONL, JSON, TEXT, BINARY;

    public static FileKind of(String relativePath) {
        if (relativePath.endsWith(".jsonl")) {
            return JSONL;
        }
        if (relativePath.endsWith(".json")) {
            return JSON;
        }
        return TEXT;
    }
}
