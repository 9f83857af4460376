package dev.convergence.cli;

import dev.convergence.api.ConvergenceException;
import dev.convergence.api.ProjectId;
import dev.convergence.core.Environment;
import dev.convergence.core.hook.BackgroundSync;
import dev.convergence.core.hook.DetachedProcess;
import dev.convergence.core.hook.HookInput;
import dev.convergence.core.hook.HookLog;
import dev.convergence.core.hook.QuietPeriod;
import dev.convergence.core.project.Projects;
import dev.convergence.core.state.ProjectState;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code hook-sync}: what the Claude Code hook runs. The foreground reads the hook's JSON from
 * stdin, finds the project its {@code cwd} lies in, starts a detached JVM to sync it, and exits 0
 * at once; it loads no transport and touches no network. The background ({@code --background})
 * waits for the transcript to settle and syncs. Neither prints (Claude Code reads a hook's stdout
 * as JSON) nor exits non-zero (exit 2 would stop Claude from stopping): every outcome is one line
 * in {@code $CONVERGENCE_HOME/logs/hook.log}.
 *
 * <p>{@link Main#run} hands {@code hook-sync} straight to {@link #execute} without building the
 * picocli model of every command; the annotation is here for {@code --help}.
 */
@Command(name = "hook-sync", description = "Run by the Claude Code hook: reads the hook JSON on stdin, returns at once, "
        + "and syncs the session's project in the background. Prints nothing; logs one line to $CONVERGENCE_HOME/logs/hook.log.",
        footer = {"%nExample (what the hook runs; Claude Code pipes the hook JSON in):",
                "  echo '{\"session_id\":\"…\",\"transcript_path\":\"…\",\"cwd\":\"/home/you/src/proj\"}' | convergence hook-sync"})
final class HookSyncCommand implements Callable<Integer> {

    static final String NAME = "hook-sync";
    private static final String BACKGROUND = "--background";

    @Override
    public Integer call() {
        return ExitCodes.OK;
    }

    /** Runs {@code hook-sync} with the arguments after its name; always returns 0. */
    static int execute(CliContext ctx, String[] args) {
        Environment env = ctx.env();
        HookLog log = HookLog.in(env.convergenceHome());
        try {
            if (args.length > 0 && args[0].equals(BACKGROUND)) {
                background(env, log, Arrays.copyOfRange(args, 1, args.length));
            } else {
                foreground(env, log, ctx.in());
            }
        } catch (Throwable t) {
            log.append(now(env), "- - - failed: internal error: " + t);
        }
        return ExitCodes.OK;
    }

    private static void foreground(Environment env, HookLog log, InputStream stdin) throws IOException {
        HookInput input;
        try {
            input = HookInput.parse(stdin.readNBytes(HookInput.MAX_BYTES));
        } catch (ConvergenceException e) {
            log.append(now(env), "- - - skipped: " + e.getMessage());
            return;
        }
        String tag = label(input.eventName()) + " ";
        Path cwd = env.fromNative(input.cwd());
        Optional<ProjectState> project = Projects.containing(env, cwd);
        if (project.isEmpty()) {
            boolean none = ProjectState.loadAll(env.convergenceHome()).isEmpty();
            log.append(now(env), tag + "- " + session(input.sessionId()) + " skipped: " + (none
                    ? "no project is registered on this machine (" + env.convergenceHome().resolve("projects") + " is empty or missing)"
                    : cwd + " is in no registered project"));
            return;
        }
        ProjectState state = project.get();
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of(NAME, BACKGROUND, "--project", state.id().value(), "--event", label(input.eventName()),
                "--session", session(input.sessionId())));
        input.transcriptPath().ifPresent(t -> command.addAll(List.of("--transcript", env.fromNative(t).toString())));
        Path root = env.fromNative(state.projectRoot());
        Path dir = Files.isDirectory(root) ? root : Path.of(System.getProperty("user.dir"));
        try {
            DetachedProcess.start(command, dir, env.variables());
        } catch (IOException e) {
            log.append(now(env), tag + state.id() + " " + session(input.sessionId()) + " failed: cannot start the background sync: " + e.getMessage());
        }
    }

    private static void background(Environment env, HookLog log, String[] args) {
        String project = value(args, "--project").orElse("-");
        String event = value(args, "--event").orElse("-");
        String sessionTag = value(args, "--session").orElse("-");
        String outcome;
        if (!ProjectId.isValid(project)) {
            outcome = "failed: no valid --project given";
        } else {
            Optional<Path> transcript = value(args, "--transcript").map(Path::of);
            outcome = new BackgroundSync(env, QuietPeriod.DEFAULT).run(new BackgroundSync.Request(ProjectId.of(project), transcript));
        }
        log.append(now(env), event + " " + project + " " + sessionTag + " " + outcome);
    }

    /** The command line that starts this program again in a new JVM: same java, same class or module path. */
    private static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isBlank()) {
            cmd.addAll(List.of("--module-path", absolute(modulePath), "-m", "dev.convergence.cli/" + Main.class.getName()));
        } else {
            cmd.addAll(List.of("-cp", absolute(System.getProperty("java.class.path")), Main.class.getName()));
        }
        return cmd;
    }

    private static String absolute(String path) {
        List<String> out = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                out.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    private static Optional<String> value(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    private static String label(String event) {
        return event.isBlank() ? "-" : event.replaceAll("\\s+", "_");
    }

    private static String session(String id) {
        String s = id.replaceAll("[^A-Za-z0-9-]", "");
        return s.isEmpty() ? "-" : s.substring(0, Math.min(8, s.length()));
    }

    private static Instant now(Environment env) {
        try {
            return env.now();
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }
}
