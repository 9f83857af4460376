package dev.convergence.cli;

import java.nio.file.Path;

/**
 * What {@code convergence scan} works on: the context dir to scan and the allow file of its project.
 *
 * @param contextDir the project's context dir ({@code ~/.claude/projects/<encoded-path>})
 * @param allowFile  where accepted findings are kept ({@code $CONVERGENCE_HOME/projects/<project-id>.allow})
 */
record ScanTarget(Path contextDir, Path allowFile) {
}
