package dev.convergence.cli;

import dev.convergence.api.Diagnostic;
import dev.convergence.core.project.Projects;
import dev.convergence.core.sync.SyncReport;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** Base of the commands that work on registered projects and clusters. */
abstract class ProjectCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    private Projects projects;

    CliContext ctx() {
        return main.context();
    }

    PrintStream out() {
        return ctx().out();
    }

    PrintStream err() {
        return ctx().err();
    }

    Projects projects() {
        if (projects == null) {
            projects = new Projects(ctx().env(), Plugins.registry(ctx()));
        }
        return projects;
    }

    /** A progress display for one operation on {@code label}; call {@link ProgressDisplay#finish()} after. */
    ProgressDisplay progress(String label) {
        return ProgressDisplay.of(ctx(), main.quiet, label);
    }

    /** Prints a sync report; returns the exit code it deserves. */
    int report(String project, SyncReport r, boolean pushing, boolean pulling) {
        String verb = r.dryRun() ? "would " : "";
        StringBuilder line = new StringBuilder(project).append(": ");
        if (pushing) {
            line.append(verb).append(r.dryRun() ? "push " : "pushed ").append(count(r.pushed().size()));
        }
        if (pushing && pulling) {
            line.append(", ");
        }
        if (pulling) {
            line.append(verb).append(r.dryRun() ? "pull " : "pulled ").append(count(r.pulled().size()));
        }
        if (!r.dryRun() && !r.published() && r.pushed().isEmpty() && r.pulled().isEmpty()) {
            line.append(" (up to date)");
        }
        out().println(line);
        if (r.dryRun() || main.verbose) {
            r.pushed().forEach(f -> out().println("  " + (r.dryRun() ? "would push " : "pushed ") + f));
            r.pulled().forEach(f -> out().println("  " + (r.dryRun() ? "would pull " : "pulled ") + f));
        }
        printDiagnostics(r.diagnostics());
        r.conflicts().forEach(f -> err().println("conflict: " + f + " holds both machines' text between <<<<<<< and >>>>>>> markers; edit it, then sync"));
        return r.hasErrors() ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    void printDiagnostics(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            if (d.severity() == Diagnostic.Severity.INFO && !main.verbose) {
                continue;
            }
            err().println(d.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + d.source() + ": " + d.message());
        }
    }

    private static String count(int n) {
        return n + (n == 1 ? " file" : " files");
    }
}
