package dev.convergence.core.project;

import dev.convergence.api.ConfigException;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.core.Environment;
import dev.convergence.core.state.MachineConfig;
import dev.convergence.core.state.ProjectState;
import java.util.Optional;

/**
 * Which cluster a command talks to: {@code --remote} (or {@code --cluster}/{@code --s3}), then
 * {@code CONVERGENCE_REMOTE}, then the project's remembered remote, then the machine default.
 */
public final class Remotes {

    private Remotes() {
    }

    /** Normalises what the user typed: relative local paths become absolute. */
    public static ClusterUri normalise(Environment env, String text) {
        ClusterUri uri = ClusterUri.parse(text);
        if (uri.scheme().equals("file") && !uri.location().startsWith("file:")) {
            return new ClusterUri("file", env.workingDir().resolve(uri.location()).normalize().toString());
        }
        if (uri.scheme().equals("dir") && !uri.location().matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return ClusterUri.directory(env.workingDir().resolve(uri.location()).normalize().toString());
        }
        return uri;
    }

    public static ClusterUri resolve(Environment env, Optional<String> flag, Optional<ProjectState> project) {
        if (flag.isPresent()) {
            return normalise(env, flag.get());
        }
        Optional<String> fromEnv = env.remoteOverride();
        if (fromEnv.isPresent()) {
            return normalise(env, fromEnv.get());
        }
        if (project.isPresent() && project.get().remote().isPresent()) {
            return ClusterUri.parse(project.get().remote().get());
        }
        return MachineConfig.load(env.convergenceHome()).defaultRemote().map(ClusterUri::parse)
                .orElseThrow(() -> new ConfigException("no remote is configured on this machine",
                        "give one with --remote URL (or --cluster DIR / --s3 s3://BUCKET/PREFIX), or set a default with 'convergence remote set URL'"));
    }

    /**
     * Remembers {@code uri} as the machine default if there is none yet.
     *
     * @return whether it became the default (the CLI says so once)
     */
    public static boolean rememberFirst(Environment env, ClusterUri uri) {
        MachineConfig config = MachineConfig.load(env.convergenceHome());
        if (config.defaultRemote().isPresent()) {
            return false;
        }
        config.setDefaultRemote(uri.toString());
        return true;
    }
}
