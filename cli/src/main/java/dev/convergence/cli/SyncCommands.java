package dev.convergence.cli;

import dev.convergence.api.ConvergenceException;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.project.Remotes;
import dev.convergence.api.scan.Finding;
import dev.convergence.core.scan.Allowlist;
import dev.convergence.core.scan.TranscriptScanner;
import dev.convergence.core.state.ProjectState;
import dev.convergence.core.sync.SecretPolicy;
import dev.convergence.core.sync.ProjectSync;
import dev.convergence.core.sync.SyncReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** push, pull and sync: the same locked pipeline in three modes. */
final class SyncCommands {

    private SyncCommands() {
    }

    /**
     * {@code sync}, {@code push} or {@code pull} ready to run when {@code args} hold nothing but
     * their options and at most one project root, each spelled the one plain way picocli also
     * accepts; null for anything else (help, a usage error, a bundled or abbreviated option, an
     * option before the command), which picocli then parses and reports as usual.
     */
    static Base plain(Main main, String[] args) {
        if (args.length == 0) {
            return null;
        }
        Base command;
        Sync sync = null;
        switch (args[0]) {
            case "sync" -> command = sync = new Sync();
            case "push" -> command = new Push();
            case "pull" -> command = new Pull();
            default -> {
                return null;
            }
        }
        String root = null;
        boolean quiet = false;
        boolean verbose = false;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-") && !seen.add(a.equals("-q") ? "--quiet" : a)) {
                return null;    // picocli refuses an option given twice
            }
            switch (a) {
                case "-q", "--quiet" -> quiet = true;
                case "--verbose" -> verbose = true;
                case "--dry-run" -> command.dryRun = true;
                case "--scan-secrets" -> command.scanSecrets = true;
                case "--strict" -> command.strict = true;
                case "--redact" -> command.redact = true;
                case "--follow-symlinks" -> command.followSymlinks = true;
                case "--all" -> {
                    if (sync == null) {
                        return null;
                    }
                    sync.all = true;
                }
                case "--remote" -> {
                    if (i + 1 == args.length || args[i + 1].startsWith("-")) {
                        return null;
                    }
                    command.remote = args[++i];
                }
                default -> {
                    if (a.isEmpty() || a.startsWith("-") || root != null) {
                        return null;
                    }
                    root = a;
                }
            }
        }
        if (root != null) {
            try {
                command.setRoot(Path.of(root));
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
        }
        main.quiet = quiet;
        main.verbose = verbose;
        command.main = main;
        return command;
    }

    abstract static class Base extends ProjectCommand {

        @Option(names = "--dry-run", description = "Say what would happen; change nothing anywhere.")
        boolean dryRun;

        @Option(names = "--remote", paramLabel = "URL", description = "Use this cluster instead of the project's remembered one.")
        String remote;

        @Option(names = "--scan-secrets", description = "Scan what is pushed for secrets and warn (project default: 'convergence defaults').")
        boolean scanSecrets;

        @Option(names = "--strict", description = "With --scan-secrets: refuse the push when a secret is found.")
        boolean strict;

        @Option(names = "--redact", description = "Send secrets to the cluster as [REDACTED:<rule>]; local files are never modified.")
        boolean redact;

        @Option(names = "--follow-symlinks", description = "Sync even when the context dir is a symbolic link (remembered for the project).")
        boolean followSymlinks;

        SecretPolicy policy(ProjectState state, ProjectSync.Mode mode) {
            // A pull needs the policy only to recognise this machine's own redacted lines.
            Optional<SecretPolicy.Mode> m = mode == ProjectSync.Mode.PULL ? Optional.of(SecretPolicy.Mode.OFF)
                    : strict ? Optional.of(SecretPolicy.Mode.STRICT)
                    : scanSecrets ? Optional.of(SecretPolicy.Mode.WARN) : Optional.empty();
            return SecretPolicy.forProject(state, ctx().env().convergenceHome(), projects()::scanners, m, redact);
        }

        int runOne(ProjectState state, ProjectSync.Mode mode) {
            if (followSymlinks && !state.followSymlinks()) {
                state.setFollowSymlinks(true);
                state.save();
            }
            ClusterUri uri = Remotes.resolve(ctx().env(), Optional.ofNullable(remote), Optional.of(state));
            Optional<SyncReport> quick = ProjectSync.nothingToDo(ctx().env(), state, projects().peekToken(uri, state), mode, dryRun);
            if (quick.isPresent()) {
                return report(state.id().value(), quick.get(), mode != ProjectSync.Mode.PULL, mode != ProjectSync.Mode.PUSH);
            }
            ProgressDisplay progress = progress(state.id().value());
            SyncReport r;
            try (Transport t = projects().open(uri, state)) {
                r = new ProjectSync(ctx().env(), projects().rewriteTiers()).run(state, t, mode, dryRun, policy(state, mode), progress);
            } finally {
                progress.finish();
            }
            for (Finding f : r.findings()) {
                err().println("secret: " + f.path() + ":" + f.line() + " " + f.ruleId() + " " + f.masked() + " (id " + f.id() + ")"
                        + (state.redact() || redact ? " — redacted in the cluster" : ""));
            }
            return report(state.id().value(), r, mode != ProjectSync.Mode.PULL, mode != ProjectSync.Mode.PUSH);
        }

        Optional<Path> rootArg(Path root) {
            return Optional.ofNullable(root).map(r -> ctx().env().workingDir().resolve(r));
        }

        /** The PROJECT_ROOT argument, as picocli would set it. */
        abstract void setRoot(Path root);
    }

    @Command(name = "push", description = "Send this machine's context changes to the cluster.",
            footer = {"%nExample:%n  convergence push ~/src/proj --dry-run"})
    static final class Push extends Base {
        @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
        Path root;

        @Override
        void setRoot(Path root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            return runOne(projects().resolve(rootArg(root)), ProjectSync.Mode.PUSH);
        }
    }

    @Command(name = "pull", description = "Bring the cluster's changes into this machine's context dir.",
            footer = {"%nExample:%n  convergence pull"})
    static final class Pull extends Base {
        @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
        Path root;

        @Override
        void setRoot(Path root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            return runOne(projects().resolve(rootArg(root)), ProjectSync.Mode.PULL);
        }
    }

    @Command(name = "sync", description = "Push then pull in one locked pass, so no local edit is ever overwritten.",
            footer = {"%nExamples:%n  convergence sync%n  convergence sync --all"})
    static final class Sync extends Base {
        @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
        Path root;

        @Override
        void setRoot(Path root) {
            this.root = root;
        }

        @Option(names = "--all", description = "Sync every project registered on this machine.")
        boolean all;

        @Override
        public Integer call() {
            if (!all) {
                return runOne(projects().resolve(rootArg(root)), ProjectSync.Mode.SYNC);
            }
            List<ProjectState> states = projects().all();
            if (states.isEmpty()) {
                err().println("no project is registered on this machine (use 'convergence init' or 'convergence join')");
                return ExitCodes.OK;
            }
            int worst = ExitCodes.OK;
            for (ProjectState s : states) {
                try {
                    worst = Math.max(worst, runOne(s, ProjectSync.Mode.SYNC));
                } catch (ConvergenceException e) {
                    err().println("convergence: " + s.id() + ": " + e.getMessage() + (e.hint().isEmpty() ? "" : " — " + e.hint()));
                    worst = Math.max(worst, ExitCodes.of(e));
                }
            }
            return worst;
        }
    }
}
