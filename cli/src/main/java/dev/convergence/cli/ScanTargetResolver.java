package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import dev.convergence.api.ProjectId;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns the {@code DIR} argument of {@code convergence scan} into a {@link ScanTarget}. The
 * default takes {@code DIR} as the context dir itself; project-root resolution (a source
 * checkout → its context dir and project id) plugs in here.
 */
interface ScanTargetResolver {

    ScanTarget resolve(String dir, CliContext context);

    /**
     * A registered project (its root given, or the one containing the current directory when
     * {@code dir} is null) scans its context dir with the project's allow file; any other
     * directory is taken as a context dir.
     */
    static ScanTargetResolver projectOrContextDir() {
        return (dir, context) -> {
            var projects = new dev.convergence.core.project.Projects(context.env(), dev.convergence.core.ProviderRegistry.discover());
            if (dir == null) {
                var state = projects.resolve(java.util.Optional.empty());
                return forProject(state, context);
            }
            Path path = context.env().workingDir().resolve(dir).normalize();
            String nativePath = context.env().nativeForm(path);
            for (var state : projects.all()) {
                if (state.projectRoot().equals(nativePath) || state.contextDir().equals(path)) {
                    return forProject(state, context);
                }
            }
            return contextDir().resolve(dir, context);
        };
    }

    private static ScanTarget forProject(dev.convergence.core.state.ProjectState state, CliContext context) {
        return new ScanTarget(state.contextDir(),
                context.env().convergenceHome().resolve("projects").resolve(state.id().value() + ".allow"));
    }

    /** {@code DIR} is a context dir; its allow file is named after the dir. */
    static ScanTargetResolver contextDir() {
        return (dir, context) -> {
            Path path = context.env().fromNative(dir);
            if (!Files.isDirectory(path)) {
                throw new BadInputException("not a directory: " + dir,
                        "give a project's context dir, e.g. ~/.claude/projects/-home-you-src-proj");
            }
            String name = path.getFileName() == null ? "root" : path.getFileName().toString();
            String key = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[^A-Za-z0-9]+", "").replace("..", "_");
            if (!ProjectId.isValid(key)) {
                key = "context";
            }
            return new ScanTarget(path, context.env().convergenceHome().resolve("projects").resolve(key + ".allow"));
        };
    }
}
