package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import dev.convergence.core.state.BackupArchive;
import dev.convergence.core.state.ProjectState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "List or bring back the local files a pull overwrote (each pull backs them up first).",
        footer = {"%nExamples:%n  convergence restore --list%n  convergence restore --from 20261125T101500Z --dry-run"})
final class RestoreCommand extends ProjectCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
    Path root;

    @Option(names = "--list", description = "List the backups of the project.")
    boolean list;

    @Option(names = "--from", paramLabel = "TIMESTAMP", description = "Restore the backup taken at TIMESTAMP (as --list shows it).")
    String from;

    @Option(names = "--dry-run", description = "Say what would be restored; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        ProjectState state = projects().resolve(Optional.ofNullable(root).map(r -> ctx().env().workingDir().resolve(r)));
        BackupArchive archive = new BackupArchive(ctx().env().convergenceHome(), state.id());
        if (from == null) {
            if (!list) {
                throw new BadInputException("restore needs --list or --from TIMESTAMP", "see 'convergence restore --help'");
            }
            List<BackupArchive.BackupSet> sets = archive.list();
            if (sets.isEmpty()) {
                err().println("no backups yet for " + state.id() + " (a pull backs up every file it overwrites)");
            }
            for (BackupArchive.BackupSet s : sets) {
                out().println(String.format("%s  %4d file(s)  %,d bytes", s.timestamp(), s.files(), s.bytes()));
            }
            return ExitCodes.OK;
        }
        List<String> restored = archive.restore(from, state.contextDir(), ctx().env().now(), dryRun);
        restored.forEach(f -> out().println((dryRun ? "would restore " : "restored ") + f));
        out().println(state.id() + ": " + (dryRun ? "would restore " : "restored ") + restored.size() + " file(s) from " + from
                + (dryRun ? "" : " (the files it replaced were backed up first)"));
        return ExitCodes.OK;
    }
}
