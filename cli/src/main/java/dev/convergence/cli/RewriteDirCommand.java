package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import dev.convergence.api.MachineLayout;
import dev.convergence.core.Environment;
import dev.convergence.core.rewrite.ContextDirRewriter;
import dev.convergence.core.rewrite.RewriteStats;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the canonicalize and localize commands share: checking their directories and printing the outcome. */
final class RewriteDirCommand {

    private RewriteDirCommand() {
    }

    static Path outputDir(Environment env, String value, Path source) {
        Path out = env.workingDir().resolve(value).toAbsolutePath().normalize();
        if (out.startsWith(source)) {
            throw new BadInputException("output directory '" + out + "' is inside the source directory '" + source + "'",
                    "choose an output directory outside it");
        }
        if (source.startsWith(out)) {
            throw new BadInputException("output directory '" + out + "' contains the source directory '" + source + "'",
                    "choose an output directory outside it");
        }
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new BadInputException("output '" + out + "' is a file, not a directory", "give a directory");
        }
        return out;
    }

    static int report(PrintStream out, PrintStream err, String verb, MachineLayout layout, ContextDirRewriter.Outcome outcome) {
        RewriteStats s = outcome.stats();
        out.println(verb + " " + outcome.written().size() + " files (" + s.lines() + " lines, " + s.changedLines()
                + " changed) for root " + layout.projectRoot());
        s.hitsPerTier().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.println("  {{" + e.getKey() + "}}  " + e.getValue()));
        if (s.unparsableLines() + s.invalidUtf8Lines() > 0) {
            out.println("  kept verbatim: " + s.unparsableLines() + " unparsable, " + s.invalidUtf8Lines() + " invalid UTF-8");
        }
        if (outcome.refused().isEmpty()) {
            return ExitCodes.OK;
        }
        err.println("convergence: " + outcome.refused().size() + " file(s) not written because they would not round-trip:");
        for (Map.Entry<String, List<String>> e : outcome.refused().entrySet()) {
            err.println("  " + e.getKey());
            e.getValue().forEach(r -> err.println("    " + r));
        }
        return ExitCodes.PROBLEMS;
    }
}
