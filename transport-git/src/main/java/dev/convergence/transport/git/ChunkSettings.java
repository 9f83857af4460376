package dev.convergence.transport.git;

import dev.convergence.api.ConfigException;
import java.util.Map;

/**
 * When a transcript is stored as a tree of chunk blobs instead of one blob (see {@link ChunkedFile}).
 *
 * @param threshold transcripts of at least this many bytes are chunked; 0 = never (option
 *                  {@code git.chunk-threshold}, or {@code CONVERGENCE_GIT_CHUNK_THRESHOLD}; default 16 MiB)
 * @param chunkSize the most a chunk holds (option {@code git.chunk-size}, or
 *                  {@code CONVERGENCE_GIT_CHUNK_SIZE}; default 4 MiB): an append rewrites at most this
 *                  much besides the new bytes
 */
record ChunkSettings(long threshold, int chunkSize) {

    /**
     * 16 MiB. Below it a transcript stays one blob, readable by the reference client, and an append
     * re-hashes and re-deflates the whole blob: about 25 ms of CPU per MiB in a sync here, so a
     * sync after an append to a file just under 16 MiB costs about 1 s of CPU, the target for any
     * size (measured in docs/benchmarks.md). A chunked file costs about 0.6 s whatever its size.
     */
    static final long DEFAULT_THRESHOLD = 16L << 20;
    static final int DEFAULT_CHUNK_SIZE = 4 << 20;

    ChunkSettings {
        if (threshold < 0) {
            throw new ConfigException("git.chunk-threshold must not be negative", "give a size in bytes, or 0 to never chunk");
        }
        if (chunkSize < 1024) {
            throw new ConfigException("git.chunk-size must be at least 1024 bytes", "give a size in bytes (default 4194304)");
        }
        if (threshold > 0 && threshold < chunkSize) {
            threshold = chunkSize;
        }
    }

    static ChunkSettings from(Map<String, String> options, Map<String, String> environment) {
        long threshold = number(options, environment, "git.chunk-threshold", "CONVERGENCE_GIT_CHUNK_THRESHOLD", DEFAULT_THRESHOLD);
        long size = number(options, environment, "git.chunk-size", "CONVERGENCE_GIT_CHUNK_SIZE", DEFAULT_CHUNK_SIZE);
        if (size > Integer.MAX_VALUE - 16) {
            throw new ConfigException("git.chunk-size is too large", "give a size in bytes below 2 GiB");
        }
        return new ChunkSettings(threshold, (int) size);
    }

    /** Whether content of {@code size} bytes at {@code path} is stored as chunks. */
    boolean chunks(String path, long size) {
        return threshold > 0 && size >= threshold && ChunkedFile.eligible(path);
    }

    private static long number(Map<String, String> options, Map<String, String> env, String key, String var, long fallback) {
        String text = options.containsKey(key) ? options.get(key) : env.get(var);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "='" + text + "' is not a non-negative whole number of bytes",
                    "fix or remove the option " + key + " (or " + var + ")");
        }
    }
}
