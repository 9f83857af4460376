package dev.convergence.cli;

import dev.convergence.core.Environment;
import dev.convergence.core.hook.HookEvent;
import dev.convergence.core.hook.HookInstaller;
import dev.convergence.core.hook.HookLog;
import dev.convergence.core.hook.InstalledHook;
import dev.convergence.core.hook.SettingsChange;
import dev.convergence.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hook install|status|uninstall}: the Claude Code hook that syncs after each turn. */
@Command(name = "hook", description = "Install, inspect or remove the Claude Code hook that syncs a project after each turn.",
        subcommands = {HookCommand.Install.class, HookCommand.Status.class, HookCommand.Uninstall.class},
        footer = {"%nThe hook runs 'convergence hook-sync', which returns at once and syncs in the background;",
                "each run leaves one line in $CONVERGENCE_HOME/logs/hook.log.",
                "%nExamples:%n  convergence hook install%n  convergence hook install --event SessionEnd --settings .claude/settings.json",
                "  convergence hook status --json%n  convergence hook uninstall"})
final class HookCommand implements Runnable {

    @ParentCommand
    Main main;

    @Override
    public void run() {
        main.context().out().println(new CommandLine(this).getUsageMessage());
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        HookCommand parent;

        @Option(names = "--settings", paramLabel = "PATH",
                description = "The settings file to edit (e.g. a project's .claude/settings.json). "
                        + "Default: $CLAUDE_SETTINGS_PATH, else $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json.")
        Path settings;

        CliContext ctx() {
            return parent.main.context();
        }

        HookInstaller installer() {
            Environment env = ctx().env();
            Path file = settings == null ? env.settingsPath() : env.workingDir().resolve(settings);
            return new HookInstaller(file, env.convergenceHome().resolve("backups").resolve("settings"), env.now());
        }

        void reportChange(SettingsChange c, String did, String nothing) {
            if (!c.changed()) {
                ctx().out().println(nothing + " " + c.settings() + "; nothing changed");
                return;
            }
            ctx().out().println(did + " " + c.settings() + (c.created() ? " (created)" : ""));
            c.backup().ifPresent(b -> ctx().out().println("previous version saved as " + b));
        }
    }

    @Command(name = "install", description = "Add the sync hook to Claude Code's settings (idempotent; everything else in the file is kept).",
        footer = {"%nExamples:%n  convergence hook install%n  convergence hook install --event SessionEnd --settings .claude/settings.json"})
    static final class Install extends Sub {
        @Option(names = "--event", paramLabel = "EVENT", defaultValue = "Stop",
                description = "Stop (after each turn, the default) or SessionEnd (once per session).")
        String event;

        @Override
        public Integer call() {
            HookEvent e = HookEvent.named(event).orElseThrow(() -> new dev.convergence.api.BadInputException(
                    "unknown hook event '" + event + "'", "use --event Stop or --event SessionEnd"));
            String command = HookInstaller.commandFor(ctx().env().launcher());
            SettingsChange c = installer().install(e, command, HookInstaller.DEFAULT_TIMEOUT_SECONDS);
            reportChange(c, "installed the sync hook (" + e.settingsName() + " → " + command + ") in",
                    "the sync hook (" + e.settingsName() + " → " + command + ") is already in");
            return ExitCodes.OK;
        }
    }

    @Command(name = "uninstall", description = "Remove the sync hook from Claude Code's settings (only ours; other hooks stay).",
        footer = {"%nExample:%n  convergence hook uninstall"})
    static final class Uninstall extends Sub {
        @Option(names = "--event", paramLabel = "EVENT", description = "Remove it from this event only. Default: from every event.")
        String event;

        @Override
        public Integer call() {
            Optional<HookEvent> e = Optional.ofNullable(event).map(n -> HookEvent.named(n).orElseThrow(
                    () -> new dev.convergence.api.BadInputException("unknown hook event '" + n + "'", "use --event Stop or --event SessionEnd")));
            reportChange(installer().uninstall(e), "removed the sync hook from", "there is no sync hook in");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Say whether the sync hook is installed, on which events, what it runs, and its last runs.",
        footer = {"%nExamples:%n  convergence hook status%n  convergence hook status --json"})
    static final class Status extends Sub {
        private static final int RUNS_SHOWN = 5;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() {
            HookInstaller installer = installer();
            List<InstalledHook> hooks = installer.installed();
            HookLog log = HookLog.in(ctx().env().convergenceHome());
            List<String> runs = log.tail(RUNS_SHOWN);
            if (json) {
                ctx().out().print(Json.writePretty(asJson(installer.settingsFile(), hooks, log.file(), runs)));
                return ExitCodes.OK;
            }
            var out = ctx().out();
            out.println("settings   " + installer.settingsFile());
            if (hooks.isEmpty()) {
                out.println("installed  no (add it with 'convergence hook install')");
            } else {
                out.println("installed  yes, on " + String.join(", ", hooks.stream().map(InstalledHook::event).distinct().toList()));
                for (InstalledHook h : hooks) {
                    out.println("command    " + h.command() + " (" + h.event()
                            + h.timeoutSeconds().map(t -> ", timeout " + t + " s").orElse("") + ")");
                }
            }
            out.println("log        " + log.file());
            out.println(runs.isEmpty() ? "last runs  none" : "last runs:");
            runs.forEach(r -> out.println("  " + r));
            return ExitCodes.OK;
        }

        private static Map<String, Object> asJson(Path settings, List<InstalledHook> hooks, Path logFile, List<String> runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("settings", settings.toString());
            m.put("installed", !hooks.isEmpty());
            m.put("events", new ArrayList<>(hooks.stream().map(InstalledHook::event).distinct().toList()));
            List<Object> entries = new ArrayList<>();
            for (InstalledHook h : hooks) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("event", h.event());
                e.put("command", h.command());
                h.timeoutSeconds().ifPresent(t -> e.put("timeout", t));
                entries.add(e);
            }
            m.put("hooks", entries);
            m.put("log", logFile.toString());
            m.put("last_runs", new ArrayList<>(runs));
            return m;
        }
    }
}
