package dev.convergence.api;

import java.util.Objects;

/**
 * The one exception family of Convergence. Every failure a user can cause or meet is one of the
 * permitted subclasses; the CLI maps {@link #kind()} to an exit code in one exhaustive switch.
 *
 * <p>The message is one line that says what is wrong and where; {@link #hint()} says what to do.
 */
public abstract sealed class ConvergenceException extends RuntimeException
        permits BadInputException, NotFoundException, ConfigException, TransportException,
                AuthenticationException, StaleSnapshotException, GuardRefusedException, LockHeldException,
                KeyRequiredException {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure, one per subclass; each has its own documented exit code. */
    public enum Kind {
        BAD_INPUT, NOT_FOUND, CONFIG, TRANSPORT, AUTHENTICATION, STALE, GUARD_REFUSED, LOCK_HELD, KEY_REQUIRED
    }

    private final String hint;

    protected ConvergenceException(String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.hint = hint == null ? "" : hint;
    }

    /** What the user can do about it; empty when there is nothing useful to say. */
    public String hint() {
        return hint;
    }

    public abstract Kind kind();
}
