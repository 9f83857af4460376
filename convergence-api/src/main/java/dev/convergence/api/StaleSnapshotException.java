package dev.convergence.api;

/** A compare-and-swap publish found that the cluster moved on since it was read. */
public final class StaleSnapshotException extends ConvergenceException {

    private static final long serialVersionUID = 1L;

    public StaleSnapshotException(String message, String hint) {
        super(message, hint, null);
    }

    public StaleSnapshotException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public Kind kind() {
        return Kind.STALE;
    }
}
