package dev.convergence.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command reference, generated from the picocli model so it cannot drift from the code:
 * Markdown for {@code docs/commands.md} and one roff man page per command.
 */
final class CommandReference {

    private CommandReference() {
    }

    /** The root command's model (no environment is read). */
    static CommandLine model() {
        CommandLine cl = Main.commandLine(new Main(null), null);
        cl.setUsageHelpWidth(100);
        return cl;
    }

    /** Every command, depth first, hidden ones left out; the root first. */
    static List<CommandLine> all(CommandLine root) {
        List<CommandLine> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(CommandLine cl, List<CommandLine> out) {
        if (cl.getCommandSpec().usageMessage().hidden() || cl.getCommandName().equals("help")) {
            return;
        }
        out.add(cl);
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, out));
    }

    /** The Markdown reference: one section per command holding its {@code --help}. */
    static String markdown() {
        CommandLine root = model();
        StringBuilder b = new StringBuilder("# Command reference\n\n")
                .append("Generated from the command definitions by `CommandReferenceTest` (run\n")
                .append("`mvn -pl cli test -Dtest=CommandReferenceTest -Dconvergence.docs.update=true` after changing a command).\n")
                .append("Every command also takes `--help`; `man convergence` works once the man pages from\n")
                .append("`cli/target/man` are installed.\n\n");
        for (CommandLine cl : all(root)) {
            b.append("- [`").append(cl.getCommandSpec().qualifiedName()).append("`](#")
                    .append(cl.getCommandSpec().qualifiedName().replace(' ', '-')).append(")\n");
        }
        for (CommandLine cl : all(root)) {
            b.append("\n## ").append(cl.getCommandSpec().qualifiedName()).append("\n\n```\n")
                    .append(usage(cl).stripTrailing()).append("\n```\n");
        }
        return b.toString();
    }

    private static String usage(CommandLine cl) {
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF).replace("\r\n", "\n");
    }

    /** The man page of one command, in roff. */
    static String manPage(CommandLine cl, String version) {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName("-");
        StringBuilder b = new StringBuilder();
        b.append(".TH \"").append(name.toUpperCase(java.util.Locale.ROOT)).append("\" \"1\" \"\" \"convergence ")
                .append(version).append("\" \"Convergence Manual\"\n");
        b.append(".SH NAME\n").append(roff(name)).append(" \\- ").append(roff(firstLine(spec))).append('\n');
        b.append(".SH SYNOPSIS\n.nf\n").append(roff(cl.getHelp().synopsis(0).stripTrailing())).append("\n.fi\n");
        b.append(".SH DESCRIPTION\n");
        for (String d : spec.usageMessage().description()) {
            b.append(roff(String.format(d))).append("\n.br\n");
        }
        if (!spec.options().isEmpty()) {
            b.append(".SH OPTIONS\n");
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                b.append(".TP\n.B ").append(roff(String.join(", ", o.names())))
                        .append(o.arity().max() > 0 ? " " + roff(o.paramLabel()) : "")
                        .append('\n').append(roff(String.join(" ", o.description()))).append('\n');
            }
        }
        if (!spec.positionalParameters().isEmpty()) {
            b.append(".SH ARGUMENTS\n");
            for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
                b.append(".TP\n.B ").append(roff(p.paramLabel())).append('\n').append(roff(String.join(" ", p.description()))).append('\n');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            b.append(".SH COMMANDS\n");
            spec.subcommands().values().stream().distinct()
                    .filter(s -> !s.getCommandSpec().usageMessage().hidden())
                    .forEach(s -> b.append(".TP\n.B ").append(roff(s.getCommandName())).append('\n')
                            .append(roff(firstLine(s.getCommandSpec()))).append('\n'));
        }
        String footer = String.join("\n", spec.usageMessage().footer());
        if (!footer.isBlank()) {
            b.append(".SH NOTES\n.nf\n").append(roff(String.format(footer).strip())).append("\n.fi\n");
        }
        b.append(".SH SEE ALSO\nconvergence(1); docs/commands.md, docs/getting-started.md\n");
        return b.toString();
    }

    private static String firstLine(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return d.length == 0 ? "" : String.format(d[0]).lines().findFirst().orElse("");
    }

    private static String roff(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.replace("\\", "\\e").split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return b.toString().replace("-", "\\-");
    }
}
