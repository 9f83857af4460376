package dev.convergence.api;

/** The cluster could not be reached or read, or is not a Convergence cluster. */
public final class TransportException extends ConvergenceException {

    private static final long serialVersionUID = 1L;

    public TransportException(String message, String hint) {
        super(message, hint, null);
    }

    public TransportException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public Kind kind() {
        return Kind.TRANSPORT;
    }
}
