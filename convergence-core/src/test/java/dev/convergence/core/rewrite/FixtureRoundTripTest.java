package dev.convergence.core.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.OsFamily;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.doctor.Doctor;
import dev.convergence.core.doctor.DoctorReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Claude Code 2.1 context dirs (shared fixtures, read-only) survive a trip through another machine. */
class FixtureRoundTripTest {

    @TempDir
    Path tmp;

    static Path fixtures() {
        String shared = System.getProperty("convergence.shared");
        Path p = shared == null ? null : Path.of(shared, "fixtures", "claude-code-2.1", "projects");
        assumeTrue(p != null && Files.isDirectory(p), "shared fixtures not present");
        return p;
    }

    @Test
    void everyFixtureProjectRoundTripsThroughAnotherLayoutAndDoctorSaysSafe() throws Exception {
        Path projects = fixtures();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(projects)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(dirs.size() >= 1);
        for (Path ctx : dirs) {
            RootInference.Result inferred = RootInference.infer(ctx);
            // A folder with no transcripts (only memory/) has no cwd to learn from; its root is known
            // from the sibling folder's subagent transcript.
            String root = inferred.root().orElse(ctx.getFileName().toString().equals("-workspace-SuperGrok1-5")
                    ? "/workspace/SuperGrok1.5" : null);
            assertTrue(root != null, "no root inferred for " + ctx);
            String home = "/home/fixture";
            MachineLayout here = new MachineLayout("a", OsFamily.LINUX, home, root, ctx.getFileName().toString(),
                    home + "/.claude/projects/" + ctx.getFileName());
            MachineLayout there = Layouts.posix("/Users/other", "/Users/other/code/elsewhere");
            PathRewriter a = PathRewriter.of(here, RewritePolicy.DEFAULT);
            PathRewriter b = PathRewriter.of(there, RewritePolicy.DEFAULT);
            Path canon = tmp.resolve("c-" + ctx.getFileName());
            ContextDirRewriter.Outcome o1 = ContextDirRewriter.canonicalize(a, ctx, canon, true);
            assertTrue(o1.refused().isEmpty(), o1.refused().toString());
            Path other = tmp.resolve("o-" + ctx.getFileName());
            ContextDirRewriter.localize(b, canon, other);
            Path canon2 = tmp.resolve("c2-" + ctx.getFileName());
            ContextDirRewriter.canonicalize(b, other, canon2, true);
            Path back = tmp.resolve("b-" + ctx.getFileName());
            ContextDirRewriter.localize(a, canon2, back);
            for (String rel : ContextDirRewriter.files(ctx)) {
                assertArrayEquals(Files.readAllBytes(canon.resolve(rel)), Files.readAllBytes(canon2.resolve(rel)), rel);
                assertArrayEquals(Files.readAllBytes(ctx.resolve(rel)), Files.readAllBytes(back.resolve(rel)), rel);
            }
            DoctorReport report = Doctor.examine(ctx, here.contextDir(), home, OsFamily.LINUX, Optional.of(root), RewritePolicy.DEFAULT);
            assertTrue(report.safe(), report.toString());
            assertEquals(inferred.root(), report.inferredRoot());
        }
    }

    @Test
    void rootInferenceHandlesSubdirCwdsSiblingsAndTheFilesystemRoot() {
        assertEquals(Optional.of("/a/proj"), RootInference.choose("-a-proj",
                java.util.Map.of("/a/proj/app", 3L, "/a/proj-tools", 5L, "/a/proj", 1L)));
        assertEquals(Optional.of("/"), RootInference.choose("-", java.util.Map.of("/", 2L, "/workspace/x", 4L)));
        assertEquals(Optional.of("/workspace/SuperGrok1.5"), RootInference.choose("-workspace-SuperGrok1-5",
                java.util.Map.of("/workspace/SuperGrok1.5/sub", 1L)));
        assertEquals(Optional.of("C:\\Users\\me\\p"), RootInference.choose("C--Users-me-p", java.util.Map.of("C:\\Users\\me\\p\\x", 1L)));
        assertEquals(Optional.empty(), RootInference.choose("-a-proj", java.util.Map.of("/b/proj", 1L)));
    }
}
