package dev.convergence.api;

/**
 * The project is end-to-end encrypted and this machine holds no key that opens it: no data key
 * wrapped for its machine key, no imported key, or a wrong passphrase. Nothing was written.
 */
public final class KeyRequiredException extends ConvergenceException {

    private static final long serialVersionUID = 1L;

    public KeyRequiredException(String message, String hint) {
        super(message, hint, null);
    }

    @Override
    public Kind kind() {
        return Kind.KEY_REQUIRED;
    }
}
