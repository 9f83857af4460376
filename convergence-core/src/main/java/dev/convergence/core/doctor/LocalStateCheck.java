package dev.convergence.core.doctor;

import dev.convergence.api.ConvergenceException;
import dev.convergence.api.Diagnostic;
import dev.convergence.api.LockHeldException;
import dev.convergence.core.Environment;
import dev.convergence.core.hook.HookInstaller;
import dev.convergence.core.state.MachineConfig;
import dev.convergence.core.state.ProjectLock;
import dev.convergence.core.state.ProjectState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The doctor's look at this machine's own state, beside the context files: configuration and
 * project state files that parse, the project's clone, whether a sync holds its lock, temp
 * directories a killed run left behind, a context dir that is a symlink, and the Claude Code hook.
 * Problems that would make a sync fail are errors; the rest are information.
 */
public final class LocalStateCheck {

    private LocalStateCheck() {
    }

    public static List<Diagnostic> run(Environment env, Optional<ProjectState> project) {
        List<Diagnostic> out = new ArrayList<>();
        Path home = env.convergenceHome();
        try {
            MachineConfig.load(home).defaultRemote();
            out.add(info("config", "config.json: ok"));
        } catch (ConvergenceException e) {
            out.add(Diagnostic.error("config", e.getMessage() + " — " + e.hint()));
        }
        Path projects = home.resolve("projects");
        if (Files.isDirectory(projects)) {
            try (Stream<Path> files = Files.list(projects)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    try {
                        ProjectState.load(f).ifPresent(s -> {
                            if (!Files.isDirectory(env.fromNative(s.projectRoot()))) {
                                out.add(Diagnostic.warning("state", "project " + s.id() + " is registered for " + s.projectRoot()
                                        + ", which no longer exists — delete " + f + " if the project moved for good"));
                            }
                        });
                    } catch (ConvergenceException e) {
                        out.add(Diagnostic.error("state", e.getMessage() + " — " + e.hint()));
                    }
                }
            } catch (IOException e) {
                out.add(Diagnostic.error("state", "cannot list " + projects + ": " + e.getMessage()));
            }
        }
        project.ifPresent(s -> checkProject(env, s, out));
        staleTemps(home.resolve("tmp"), env.now(), out);
        hook(env, out);
        return out;
    }

    private static void checkProject(Environment env, ProjectState s, List<Diagnostic> out) {
        Path clone = env.convergenceHome().resolve("clones").resolve(s.id().value());
        boolean git = s.remote().map(r -> !r.startsWith("dir:") && !r.startsWith("s3://")).orElse(false);
        if (git && Files.isDirectory(clone)) {
            boolean healthy = Files.isRegularFile(clone.resolve("HEAD")) && Files.isDirectory(clone.resolve("objects"));
            out.add(healthy ? info("clone", "clone of " + s.id() + ": ok (" + clone + ")")
                    : Diagnostic.error("clone", "clone of " + s.id() + " at " + clone + " is damaged — delete it; the next sync fetches it again"));
        } else if (git) {
            out.add(info("clone", "no clone of " + s.id() + " yet (the next sync makes it)"));
        }
        try (ProjectLock lock = ProjectLock.acquire(env.convergenceHome(), s.id(), Duration.ZERO)) {
            out.add(info("lock", "no sync of " + s.id() + " is running"));
        } catch (LockHeldException e) {
            out.add(info("lock", e.getMessage()));
        }
        if (Files.isSymbolicLink(s.contextDir())) {
            out.add(Diagnostic.warning("context", "the context dir " + s.contextDir() + " is a symbolic link"
                    + (s.followSymlinks() ? " (followed: --follow-symlinks)" : " — syncs refuse it unless --follow-symlinks")));
        }
        if (!s.conflicts().isEmpty()) {
            out.add(Diagnostic.warning("conflicts", "memory conflicts to resolve: " + String.join(", ", s.conflicts())));
        }
    }

    private static void staleTemps(Path tmp, Instant now, List<Diagnostic> out) {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(tmp)) {
            long stale = dirs.filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(Duration.ofHours(1)));
                } catch (IOException e) {
                    return false;
                }
            }).count();
            if (stale > 0) {
                out.add(Diagnostic.warning("tmp", stale + " temp item(s) in " + tmp + " left by an interrupted run — safe to delete"));
            }
        } catch (IOException e) {
            out.add(Diagnostic.warning("tmp", "cannot list " + tmp + ": " + e.getMessage()));
        }
    }

    private static void hook(Environment env, List<Diagnostic> out) {
        try {
            var installed = new HookInstaller(env.settingsPath(), env.convergenceHome().resolve("backups/settings"), env.now()).installed();
            out.add(info("hook", installed.isEmpty() ? "Claude Code hook: not installed ('convergence hook install' syncs after every session)"
                    : "Claude Code hook: installed on " + String.join(", ", installed.stream().map(h -> h.event()).toList())));
        } catch (ConvergenceException e) {
            out.add(Diagnostic.warning("hook", e.getMessage()));
        }
    }

    private static Diagnostic info(String source, String message) {
        return new Diagnostic(Diagnostic.Severity.INFO, message, source);
    }
}
