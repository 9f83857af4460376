package dev.convergence.api.transport;

import java.util.Objects;

/**
 * One file of a snapshot as the transport found it. Paths are reported exactly as stored, even
 * hostile ones ({@code ../x}, absolute names): refusing them is core's job, so a transport never
 * normalises or drops an entry.
 *
 * @param path      {@code /}-separated path in the project tree ({@code roster.json}, {@code context/<uuid>.jsonl})
 * @param size      size in bytes, or -1 when unknown
 * @param contentId opaque id that changes whenever the content changes (a git blob id, a SHA-256)
 * @param type      what kind of entry it is; only {@link Type#REGULAR} may be written locally
 */
public record SnapshotEntry(String path, long size, String contentId, Type type) {

    /** The kinds of entry a store can hold. */
    public enum Type { REGULAR, EXECUTABLE, SYMLINK, SUBMODULE, OTHER }

    public SnapshotEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentId, "contentId");
        Objects.requireNonNull(type, "type");
    }

    public static SnapshotEntry regular(String path, long size, String contentId) {
        return new SnapshotEntry(path, size, contentId, Type.REGULAR);
    }
}
