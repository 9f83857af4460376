package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import dev.convergence.api.MachineLayout;
import dev.convergence.core.Environment;
import dev.convergence.core.rewrite.ClaudePaths;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds this machine's layout for a root from the environment (HOME, CLAUDE_PROJECTS_DIR, CONVERGENCE_OS, --home). */
final class MachinePaths {

    /** The commands that only rewrite do not need a real machine id. */
    static final String LOCAL_MACHINE = "local";

    private MachinePaths() {
    }

    static Path home(Environment env, String homeOption) {
        return homeOption == null ? env.home() : env.fromNative(homeOption);
    }

    static MachineLayout layout(Environment env, String rootOption, String homeOption) {
        Path root = env.fromNative(rootOption);
        String nativeRoot = env.nativeForm(root);
        String encoded = ClaudePaths.encode(nativeRoot);
        Path contextDir = env.projectsDir().resolve(encoded);
        return new MachineLayout(LOCAL_MACHINE, env.os(), env.nativeForm(home(env, homeOption)), nativeRoot, encoded,
                env.nativeForm(contextDir));
    }

    static Path existingDir(Environment env, String value, String what) {
        Path p = env.workingDir().resolve(value).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new BadInputException(what + " '" + p + "' does not exist", "check the path");
        }
        if (!Files.isDirectory(p)) {
            throw new BadInputException(what + " '" + p + "' is not a directory", "give a directory");
        }
        if (!Files.isReadable(p)) {
            throw new BadInputException(what + " '" + p + "' is not readable", "check its permissions");
        }
        return p;
    }
}
