package dev.convergence.cli;

import dev.convergence.api.ConvergenceException;
import dev.convergence.core.Environment;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code convergence} command: sync Claude Code project context across machines. */
@Command(name = "convergence",
        mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Sync Claude Code project context (transcripts and memory) across your machines,%n"
                + "rewriting machine-local paths so sessions resume anywhere.",
        footer = {"%nExamples:%n  convergence init ~/src/proj --remote git@github.com:you/context.git",
                "  convergence join ~/work/proj --remote git@github.com:you/context.git",
                "  convergence sync%n  convergence status --json",
                "%nDocumentation: docs/getting-started.md; exit codes: docs/exit-codes.md."})
public final class Main implements Runnable {

    /** The subcommands, in a class of their own so that --version loads no picocli class. */
    private static final class Commands {
        /** Every subcommand, in the order {@code --help} lists them. */
        static final List<Class<?>> ALL = List.of(
                InitCommand.class, JoinCommand.class, ProjectsCommand.class, RemoteCommand.class,
                SyncCommands.Push.class, SyncCommands.Pull.class, SyncCommands.Sync.class, StatusCommand.class, ForgetCommand.class,
                RestoreCommand.class, DefaultsCommand.class,
                DoctorCommand.class, CanonicalizeCommand.class, LocalizeCommand.class, ScanCommand.class,
                HookCommand.class, HookSyncCommand.class, PluginsCommand.class, CompletionCommand.class,
                EncryptCommand.class, KeyCommand.class,
                CommandLine.HelpCommand.class);
    }

    @Option(names = "--verbose", description = "Show more detail, and the cause chain of an error.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Show no progress on stderr (errors and warnings still appear).", scope = CommandLine.ScopeType.INHERIT)
    boolean quiet;

    private final CliContext context;

    Main(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        context.out().println(commandLine(this, null).getUsageMessage());
    }

    /**
     * The command line with every subcommand or, when {@code first} (the first argument) names
     * one of the commands a machine runs all day, with that one alone.
     */
    static CommandLine commandLine(Main main, String first) {
        CommandLine cl = new CommandLine(main);
        Class<?> one = first == null ? null : shortCommand(first);
        if (one != null) {
            cl.addSubcommand(one);
            return cl;
        }
        for (Class<?> command : Commands.ALL) {
            cl.addSubcommand(command);
        }
        return cl;
    }

    /**
     * The commands a machine runs all day (the Stop hook's sync among them) and the two whose
     * time users watch (init, join), or null: for these, picocli models only the command being
     * run, and no other command class is even loaded.
     */
    private static Class<?> shortCommand(String name) {
        return switch (name) {
            case "sync" -> SyncCommands.Sync.class;
            case "push" -> SyncCommands.Push.class;
            case "pull" -> SyncCommands.Pull.class;
            case "status" -> StatusCommand.class;
            case "join" -> JoinCommand.class;
            case "init" -> InitCommand.class;
            default -> null;
        };
    }

    public static void main(String[] args) {
        int code = run(Environment.system(), args, System.out, System.err, System.in);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line in this process and returns its exit code; never throws. */
    public static int run(Environment env, String[] args, PrintStream out, PrintStream err, InputStream in) {
        CliContext context = new CliContext(env, out, err, in);
        if (args.length > 0 && args[0].equals(HookSyncCommand.NAME)) {
            // The hook's fast path: no picocli model of every command, no usage errors (exit 2 would block Claude).
            return HookSyncCommand.execute(context, java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Start-up fast path: the version needs neither picocli's model of every command nor any library.
            out.println(version());
            return ExitCodes.OK;
        }
        Main main = new Main(context);
        SyncCommands.Base plain = SyncCommands.plain(main, args);
        if (plain != null) {
            // sync, push or pull with plain arguments: picocli's model would cost a fifth of a
            // no-change sync. Anything else (--help, a usage error) is left to picocli below.
            try {
                return plain.call();
            } catch (Exception e) {
                return report(main, e);
            }
        }
        CommandLine cl = commandLine(main, args.length > 0 ? args[0] : null);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> report(main, ex));
        cl.setParameterExceptionHandler((ex, args1) -> {
            err.println("convergence: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException e) {
            return report(main, e);
        }
    }

    private static int report(Main main, Exception ex) {
        PrintStream err = main.context.err();
        if (ex instanceof ConvergenceException ce) {
            String hint = ce.hint();
            err.println("convergence: " + ce.getMessage() + (hint.isEmpty() ? "" : " — " + hint));
            if (main.verbose) {
                printCauses(err, ce.getCause());
            }
            return ExitCodes.of(ce);
        }
        java.io.IOException io = ioCause(ex);
        if (io != null) {
            err.println("convergence: cannot read or write " + describe(io) + " — check free disk space and permissions, then run the command again");
            if (main.verbose) {
                printCauses(err, ex);
            }
            return ExitCodes.IO;
        }
        err.println("convergence: internal error: " + ex + " — please report this with the command you ran (--verbose shows the trace)");
        if (main.verbose) {
            ex.printStackTrace(err);
        }
        return ExitCodes.INTERNAL;
    }

    private static java.io.IOException ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException io) {
                return io;
            }
        }
        return null;
    }

    private static String describe(java.io.IOException io) {
        if (io instanceof java.nio.file.FileSystemException fs) {
            String reason = fs.getReason() == null ? io.getClass().getSimpleName() : fs.getReason();
            return (fs.getFile() == null ? "a file" : fs.getFile()) + ": " + reason;
        }
        return "a file: " + io.getMessage();
    }

    private static void printCauses(PrintStream err, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            err.println("  caused by: " + t);
        }
    }

    /** "convergence" and the version from the jar manifest. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return "convergence " + (v == null ? "0.1.0-SNAPSHOT" : v);
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {version()};
        }
    }
}
