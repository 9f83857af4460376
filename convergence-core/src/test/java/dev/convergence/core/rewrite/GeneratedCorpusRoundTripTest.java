package dev.convergence.core.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.doctor.Doctor;
import dev.convergence.core.doctor.DoctorReport;
import dev.convergence.testkit.corpus.CorpusGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated context dir goes POSIX → canonical → Windows → canonical → POSIX unchanged; doctor says safe. */
class GeneratedCorpusRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void generatedCorpusSurvivesATripThroughWindows() throws Exception {
        MachineLayout alice = Layouts.ALICE;
        Path ctx = CorpusGenerator.generate(tmp.resolve("projects"), alice.home(), alice.projectRoot(),
                new CorpusGenerator.Options(42, 4, 60, true));
        assertEquals(Optional.of(alice.projectRoot()), RootInference.infer(ctx).root());
        PathRewriter a = PathRewriter.of(alice, RewritePolicy.DEFAULT);
        PathRewriter b = PathRewriter.of(Layouts.BOB, RewritePolicy.DEFAULT);
        ContextDirRewriter.Outcome first = ContextDirRewriter.canonicalize(a, ctx, tmp.resolve("c1"), true);
        assertTrue(first.refused().isEmpty(), first.refused().toString());
        assertTrue(first.stats().hitsPerTier().get("CC_PROJECT_ROOT") > 100);
        ContextDirRewriter.localize(b, tmp.resolve("c1"), tmp.resolve("bob"));
        ContextDirRewriter.Outcome second = ContextDirRewriter.canonicalize(b, tmp.resolve("bob"), tmp.resolve("c2"), true);
        assertTrue(second.refused().isEmpty(), second.refused().toString());
        ContextDirRewriter.localize(a, tmp.resolve("c2"), tmp.resolve("back"));
        for (String rel : ContextDirRewriter.files(ctx)) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("c1").resolve(rel)), Files.readAllBytes(tmp.resolve("c2").resolve(rel)), rel);
            assertArrayEquals(Files.readAllBytes(ctx.resolve(rel)), Files.readAllBytes(tmp.resolve("back").resolve(rel)), rel);
        }
        DoctorReport report = Doctor.examine(ctx, alice.contextDir(), alice.home(), alice.os(), Optional.empty(), RewritePolicy.DEFAULT);
        assertTrue(report.safe(), report.toString());
    }

    @Test
    void spooledLinesAndFilesGiveTheSameBytes() throws Exception {
        Path ctx = CorpusGenerator.generate(tmp.resolve("projects"), Layouts.ALICE.home(), Layouts.ALICE.projectRoot(),
                CorpusGenerator.Options.small(7));
        PathRewriter inMemory = PathRewriter.of(Layouts.ALICE, RewritePolicy.DEFAULT);
        PathRewriter spooling = inMemory.withInMemoryLimit(64);
        ContextDirRewriter.Outcome o1 = ContextDirRewriter.canonicalize(inMemory, ctx, tmp.resolve("m"), true);
        ContextDirRewriter.Outcome o2 = ContextDirRewriter.canonicalize(spooling, ctx, tmp.resolve("s"), true);
        assertTrue(o2.refused().isEmpty(), o2.refused().toString());
        assertEquals(o1.stats().totalHits(), o2.stats().totalHits());
        for (String rel : ContextDirRewriter.files(ctx)) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("m").resolve(rel)), Files.readAllBytes(tmp.resolve("s").resolve(rel)), rel);
        }
    }
}
