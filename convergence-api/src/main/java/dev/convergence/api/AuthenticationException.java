package dev.convergence.api;

/** The cluster refused our credentials, or none were found. */
public final class AuthenticationException extends ConvergenceException {

    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message, String hint) {
        super(message, hint, null);
    }

    public AuthenticationException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public Kind kind() {
        return Kind.AUTHENTICATION;
    }
}
