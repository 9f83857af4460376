package dev.convergence.core.sync;

import java.nio.file.Path;

/**
 * A syncable file in a context dir.
 *
 * @param rel   path relative to the context dir, {@code /}-separated ({@code <uuid>.jsonl}, {@code memory/MEMORY.md})
 * @param mtime modification time in milliseconds
 */
public record LocalFile(String rel, Path path, long size, long mtime) {
}
