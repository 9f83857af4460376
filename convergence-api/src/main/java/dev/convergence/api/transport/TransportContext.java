package dev.convergence.api.transport;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider may use to open a transport.
 *
 * @param cacheDir    a directory this transport may keep local data in (git clones:
 *                    {@code $CONVERGENCE_HOME/clones}); created on demand
 * @param home        the user's home directory ({@code ~/.ssh}, {@code ~/.git-credentials}, {@code ~/.aws})
 * @param environment the process environment as the user set it (credentials, endpoints, overrides)
 * @param options     transport options from the command line or config ({@code s3.profile}, {@code s3.endpoint})
 */
public record TransportContext(Path cacheDir, Path home, Map<String, String> environment,
                               Map<String, String> options) {

    public TransportContext {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(home, "home");
        environment = Map.copyOf(environment);
        options = Map.copyOf(options);
    }
}
