package dev.convergence.core.rewrite;

/** TEMPORARY stand-in until the engine branch lands. */
public final class ClaudePaths {
    private ClaudePaths() {
    }

    public static String encode(String nativeRootPath) {
        return nativeRootPath.replaceAll("[^A-Za-z0-9]", "-");
    }
}
