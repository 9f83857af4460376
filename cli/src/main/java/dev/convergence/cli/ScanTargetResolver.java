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

    /** {@code DIR} is a context dir; its allow file is named after the dir until project ids are resolved. */
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
