package dev.convergence.bench;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.OsFamily;
import dev.convergence.core.rewrite.ClaudePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark input: a context dir made by {@code gen-corpus} (system property
 * {@code convergence.corpus} points at its projects dir... or its context dir), with the layout it
 * was generated for ({@code convergence.home}, {@code convergence.root}).
 */
final class BenchCorpus {

    private BenchCorpus() {
    }

    static MachineLayout layout() {
        String home = System.getProperty("convergence.home", "/tmp/bench-corpus/home/alice");
        String root = System.getProperty("convergence.root", home + "/src/proj");
        String enc = ClaudePaths.encode(root);
        return new MachineLayout("bench", OsFamily.LINUX, home, root, enc, home + "/.claude/projects/" + enc);
    }

    static List<byte[]> transcripts() throws IOException {
        Path dir = Path.of(layout().contextDir());
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                files.add(Files.readAllBytes(p));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no transcripts under " + dir + ": generate them with gen-corpus");
        }
        return files;
    }
}
