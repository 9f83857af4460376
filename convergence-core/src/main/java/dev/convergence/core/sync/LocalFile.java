package dev.convergence.core.sync;

import dev.convergence.core.state.FileState;
import java.nio.file.Path;

/**
 * A syncable file in a context dir.
 *
 * @param rel   path relative to the context dir, {@code /}-separated ({@code <uuid>.jsonl}, {@code memory/MEMORY.md})
 * @param mtime modification time in milliseconds
 */
public record LocalFile(String rel, Path path, long size, long mtime) {

    /** Whether the file is as this machine last recorded it (same size and modification time); false when never recorded. */
    public boolean asRecorded(FileState st) {
        return st != null && st.localSize() == size && st.localMtime() == mtime;
    }
}
