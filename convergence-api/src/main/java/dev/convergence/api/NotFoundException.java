package dev.convergence.api;

/** Something named does not exist: an unknown project, no registered project for this directory. */
public final class NotFoundException extends ConvergenceException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message, String hint) {
        super(message, hint, null);
    }

    public NotFoundException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }
}
