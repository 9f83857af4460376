package dev.convergence.api;

import java.util.Objects;

/**
 * Where one project lives on one machine: the anchors the rewrite tiers are built from.
 * All paths are absolute, in the machine's native form, without a trailing separator.
 *
 * @param machineId   stable id of this machine (12 hex digits by default)
 * @param os          the machine's OS family; decides separators and case rules
 * @param home        the user's home directory
 * @param projectRoot the project's root (the directory Claude Code was started in)
 * @param encodedDir  Claude Code's folder name for the root ({@code -home-you-src-proj})
 * @param contextDir  the project's context directory, {@code <projects dir>/<encodedDir>}
 */
public record MachineLayout(String machineId, OsFamily os, String home, String projectRoot,
                            String encodedDir, String contextDir) {

    public MachineLayout {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(os, "os");
        home = stripTrailingSeparator(Objects.requireNonNull(home, "home"));
        projectRoot = stripTrailingSeparator(Objects.requireNonNull(projectRoot, "projectRoot"));
        Objects.requireNonNull(encodedDir, "encodedDir");
        contextDir = stripTrailingSeparator(Objects.requireNonNull(contextDir, "contextDir"));
        if (encodedDir.isEmpty()) {
            throw new BadInputException("empty encoded directory name for project root '" + projectRoot + "'", "");
        }
    }

    private static String stripTrailingSeparator(String path) {
        String p = path;
        while (p.length() > 1 && (p.endsWith("/") || p.endsWith("\\")) && !p.matches("[A-Za-z]:[\\\\/]")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
