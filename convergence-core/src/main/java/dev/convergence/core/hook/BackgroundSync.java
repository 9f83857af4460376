package dev.convergence.core.hook;

import dev.convergence.api.ConvergenceException;
import dev.convergence.api.Diagnostic;
import dev.convergence.api.LockHeldException;
import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.Environment;
import dev.convergence.core.PluginJars;
import dev.convergence.core.project.Projects;
import dev.convergence.core.project.Remotes;
import dev.convergence.core.state.ProjectState;
import dev.convergence.core.sync.ProjectSync;
import dev.convergence.core.sync.SyncReport;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The background half of the hook: wait until the session's transcript is quiet, then one sync
 * of the project (push then pull, under the project lock). A lock held by another sync means
 * that sync will carry this turn's lines too, or the next hook will: we skip rather than queue.
 * Never throws; the result is the one line the hook log records for this run.
 */
public final class BackgroundSync {

    /**
     * What the foreground handed over.
     *
     * @param project    the registered project the session's cwd lies in
     * @param transcript the session's transcript, when Claude Code named one
     */
    public record Request(ProjectId project, Optional<Path> transcript) {
    }

    private final Environment env;
    private final QuietPeriod quiet;

    public BackgroundSync(Environment env, QuietPeriod quiet) {
        this.env = env;
        this.quiet = quiet;
    }

    /** Runs the sync; returns what happened, in one line, for the log. */
    public String run(Request request) {
        long start = System.nanoTime();
        try {
            String waited = request.transcript().isPresent() ? waitFor(request.transcript().get()) : "";
            ProjectState state = ProjectState.load(env.convergenceHome(), request.project()).orElse(null);
            if (state == null) {
                return "skipped: project " + request.project() + " is no longer registered on this machine";
            }
            Projects projects = new Projects(env, PluginJars.load(env).registry());
            var uri = Remotes.resolve(env, Optional.empty(), Optional.of(state));
            Optional<SyncReport> quick = ProjectSync.nothingToDo(env, state, projects.peekToken(uri, state), ProjectSync.Mode.SYNC, false);
            if (quick.isPresent()) {
                return describe(quick.get()) + waited + " in " + elapsed(start);
            }
            SyncReport report;
            try (Transport t = projects.open(uri, state)) {
                // The project's defaults apply to the hook's syncs as to manual ones: scanning and redaction too.
                var secrets = dev.convergence.core.sync.SecretPolicy.forProject(state, env.convergenceHome(), projects::scanners,
                        Optional.empty(), false);
                report = new ProjectSync(env, projects.rewriteTiers()).run(state, t, ProjectSync.Mode.SYNC, false, secrets);
            }
            return describe(report) + waited + " in " + elapsed(start);
        } catch (LockHeldException e) {
            return "skipped: " + e.getMessage();
        } catch (ConvergenceException e) {
            return "failed: " + e.getMessage() + (e.hint().isEmpty() ? "" : " — " + e.hint());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "failed: interrupted";
        } catch (RuntimeException e) {
            return "failed: internal error: " + e;
        }
    }

    private String waitFor(Path transcript) throws InterruptedException {
        return switch (quiet.awaitOn(transcript)) {
            case QUIET -> "";
            case ABSENT -> " (transcript " + transcript.getFileName() + " not found)";
            case STILL_CHANGING -> " (transcript still growing after " + quiet.limit().toSeconds() + " s; synced as it stood)";
        };
    }

    private static String describe(SyncReport r) {
        StringBuilder b = new StringBuilder("synced: pushed ").append(r.pushed().size()).append(", pulled ").append(r.pulled().size());
        long problems = r.diagnostics().stream().filter(d -> d.severity() != Diagnostic.Severity.INFO).count();
        if (problems > 0) {
            Diagnostic first = r.diagnostics().stream().filter(d -> d.severity() != Diagnostic.Severity.INFO).findFirst().orElseThrow();
            b.append(", ").append(problems).append(problems == 1 ? " problem (" : " problems (first: ")
                    .append(first.source()).append(": ").append(first.message()).append(')');
        }
        if (!r.conflicts().isEmpty()) {
            b.append(", ").append(r.conflicts().size()).append(" conflict(s) to resolve");
        }
        return b.toString();
    }

    private static String elapsed(long start) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
    }
}
