package dev.convergence.cli;

import dev.convergence.core.state.ProjectState;
import dev.convergence.core.sync.SecretPolicy;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "defaults", description = "Show or set a project's defaults on this machine: secret scanning and redaction on push, session subfolders, the size cap.",
        footer = {"%nExamples:%n  convergence defaults --scan-secrets strict%n  convergence defaults ~/src/proj --redact on"})
final class DefaultsCommand extends ProjectCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
    Path root;

    @Option(names = "--scan-secrets", paramLabel = "off|warn|strict", description = "Scan what is pushed: off, warn (push anyway) or strict (refuse).")
    String scanSecrets;

    @Option(names = "--redact", paramLabel = "on|off", description = "Send secrets to the cluster as [REDACTED:<rule>].")
    String redact;

    @Option(names = "--subfolders", paramLabel = "on|off", description = "Sync <session>/subagents and <session>/tool-results.")
    String subfolders;

    @Option(names = "--max-file-bytes", paramLabel = "N", description = "Skip (with a warning) files larger than N bytes.")
    Long maxFileBytes;

    @Override
    public Integer call() {
        ProjectState state = projects().resolve(Optional.ofNullable(root).map(r -> ctx().env().workingDir().resolve(r)));
        boolean changed = false;
        if (scanSecrets != null) {
            state.setScanSecrets(SecretPolicy.Mode.parse(scanSecrets).name().toLowerCase(Locale.ROOT));
            changed = true;
        }
        if (redact != null) {
            state.setRedact(onOff(redact, "--redact"));
            changed = true;
        }
        if (subfolders != null) {
            state.setSyncSubfolders(onOff(subfolders, "--subfolders"));
            changed = true;
        }
        if (maxFileBytes != null) {
            if (maxFileBytes <= 0) {
                throw new dev.convergence.api.BadInputException("--max-file-bytes must be positive", "e.g. --max-file-bytes 4294967296");
            }
            state.setMaxFileBytes(maxFileBytes);
            changed = true;
        }
        if (changed) {
            state.save();
        }
        out().println("project        " + state.id());
        out().println("scan-secrets   " + state.scanSecrets());
        out().println("redact         " + (state.redact() ? "on" : "off"));
        out().println("subfolders     " + (state.syncSubfolders() ? "on" : "off"));
        out().println("max-file-bytes " + state.maxFileBytes());
        return ExitCodes.OK;
    }

    private static boolean onOff(String v, String flag) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "on": case "true": case "yes": return true;
            case "off": case "false": case "no": return false;
            default: throw new dev.convergence.api.BadInputException(flag + " takes on or off, not '" + v + "'", "e.g. " + flag + " on");
        }
    }
}
