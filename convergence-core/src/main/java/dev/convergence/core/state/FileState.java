package dev.convergence.core.state;

/**
 * What this machine knows about one synced file.
 *
 * @param clusterId   content id of the file in the snapshot this machine last converged on (the base)
 * @param localSize   size of the local file when it was last known to be converged, -1 if never
 * @param localMtime  its modification time then, in milliseconds
 * @param tailHash    hash of up to 4 KiB before {@code localSize}: detects an in-place rewrite that kept the size
 * @param localStale  the cluster holds lines this machine has not written locally yet (a pull is due)
 * @param syncedBytes how many bytes of the local file correspond line for line to the base ({@code <= localSize}:
 *                    an unterminated last line is not synced until it is complete)
 * @param syncedLines how many lines those {@code syncedBytes} hold, -1 when not counted (secret scanning numbers
 *                    appended lines from here without reading the file again)
 * @param mergeBase   content id of the version the local file was made from: the base of a three-way text
 *                    merge. It is {@code clusterId} unless a push merged other machines' text into the
 *                    cluster copy that this machine has not written locally yet ({@code localStale}): the
 *                    local file then still descends from the older version, and merging against the newer
 *                    one would read their additions as this machine's deletions
 */
public record FileState(String clusterId, long localSize, long localMtime, long tailHash, boolean localStale,
                        long syncedBytes, long syncedLines, String mergeBase) {

    /** A state whose local file was made from {@code clusterId} itself. */
    public FileState(String clusterId, long localSize, long localMtime, long tailHash, boolean localStale,
                     long syncedBytes, long syncedLines) {
        this(clusterId, localSize, localMtime, tailHash, localStale, syncedBytes, syncedLines, clusterId);
    }

    /** A state whose line count is unknown. */
    public FileState(String clusterId, long localSize, long localMtime, long tailHash, boolean localStale, long syncedBytes) {
        this(clusterId, localSize, localMtime, tailHash, localStale, syncedBytes, -1, clusterId);
    }

    public FileState withStale(boolean stale) {
        return new FileState(clusterId, localSize, localMtime, tailHash, stale, syncedBytes, syncedLines, mergeBase);
    }
}
