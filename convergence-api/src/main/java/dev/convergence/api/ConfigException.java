package dev.convergence.api;

/** Local configuration or state is missing or corrupt, or no provider can serve what was asked. */
public final class ConfigException extends ConvergenceException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message, String hint) {
        super(message, hint, null);
    }

    public ConfigException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public Kind kind() {
        return Kind.CONFIG;
    }
}
