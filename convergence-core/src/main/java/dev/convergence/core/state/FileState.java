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
 */
public record FileState(String clusterId, long localSize, long localMtime, long tailHash, boolean localStale,
                        long syncedBytes, long syncedLines) {

    /** A state whose line count is unknown. */
    public FileState(String clusterId, long localSize, long localMtime, long tailHash, boolean localStale, long syncedBytes) {
        this(clusterId, localSize, localMtime, tailHash, localStale, syncedBytes, -1);
    }

    public FileState withStale(boolean stale) {
        return new FileState(clusterId, localSize, localMtime, tailHash, stale, syncedBytes, syncedLines);
    }
}
