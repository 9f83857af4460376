package dev.convergence.api;

/** Input the user gave is wrong: a missing directory, a malformed argument, a file where a directory should be. */
public final class BadInputException extends ConvergenceException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message, String hint) {
        super(message, hint, null);
    }

    public BadInputException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public Kind kind() {
        return Kind.BAD_INPUT;
    }
}
