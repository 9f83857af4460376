package dev.convergence.api.transport;

/**
 * Thrown by {@link TransportProvider#open} when a provider cannot serve a location it was
 * offered; the registry collects every refusal into the error the user sees.
 */
public class UnsupportedClusterException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnsupportedClusterException(String reason) {
        super(reason);
    }
}
