package dev.convergence.api;

/** Another process holds the project's lock (another sync is running). */
public final class LockHeldException extends ConvergenceException {

    private static final long serialVersionUID = 1L;

    public LockHeldException(String message, String hint) {
        super(message, hint, null);
    }

    public LockHeldException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public Kind kind() {
        return Kind.LOCK_HELD;
    }
}
