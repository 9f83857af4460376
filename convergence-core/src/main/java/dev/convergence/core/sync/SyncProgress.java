package dev.convergence.core.sync;

/**
 * Hears how far a sync has got, so the command line can draw a progress bar. Core calls it from
 * the syncing thread only; implementations must return quickly and must not throw.
 *
 * <p>A sync runs in up to two phases ({@code push}, then {@code pull}); each starts with
 * {@link #total} and is followed by one {@link #onFile} per file that phase processes.
 */
public interface SyncProgress {

    /** Reports nothing. */
    SyncProgress NONE = new SyncProgress() {
        @Override
        public void total(String phase, long files, long bytes) {
        }

        @Override
        public void onFile(String rel, long bytes) {
        }
    };

    /** A phase begins: it will process {@code files} files holding {@code bytes} bytes (-1 when unknown). */
    void total(String phase, long files, long bytes);

    /** One more file of the current phase is done. */
    void onFile(String rel, long bytes);
}
