package dev.convergence.api;

/** A safety guard refused the operation: a file that would not round-trip, an untrusted snapshot entry, a secret under --strict. */
public final class GuardRefusedException extends ConvergenceException {

    private static final long serialVersionUID = 1L;

    public GuardRefusedException(String message, String hint) {
        super(message, hint, null);
    }

    public GuardRefusedException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public Kind kind() {
        return Kind.GUARD_REFUSED;
    }
}
