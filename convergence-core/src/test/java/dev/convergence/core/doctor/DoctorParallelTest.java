package dev.convergence.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.OsFamily;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.sync.SyncProgress;
import dev.convergence.testkit.corpus.CorpusGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Doctor examines a large dir on two threads and reports exactly what one thread reports. */
class DoctorParallelTest {

    private static final String HOME = "/home/alice";
    private static final String ROOT = "/home/alice/src/proj";

    @TempDir
    Path tmp;

    @Test
    void twoThreadsReportWhatOneDoes() throws IOException {
        Path ctx = CorpusGenerator.generate(tmp.resolve("projects"), HOME, ROOT, new CorpusGenerator.Options(11, 24, 500, true));
        // A line that is not JSON passes through verbatim, so the root in it is left over: leftovers
        // with examples from several files (more than the report keeps, so their order and cut matter).
        List<Path> transcripts;
        try (Stream<Path> files = Files.walk(ctx)) {
            transcripts = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (int i = 0; i < transcripts.size(); i += 3) {
            Files.writeString(transcripts.get(i), "not json: see " + ROOT + "/x and " + HOME + "/notes\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        long bytes;
        try (Stream<Path> files = Files.walk(ctx)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes >= 4 << 20, "large enough for two threads: " + bytes);

        String nativeCtx = ctx.toString();
        DoctorReport one = Doctor.examine(ctx, nativeCtx, HOME, OsFamily.LINUX, Optional.empty(), RewritePolicy.DEFAULT,
                SyncProgress.NONE, false);
        DoctorReport two = Doctor.examine(ctx, nativeCtx, HOME, OsFamily.LINUX, Optional.empty(), RewritePolicy.DEFAULT,
                SyncProgress.NONE, true);
        assertTrue(one.leftoverCount() > LeftoverScanner.MAX_EXAMPLES, one.toString());
        assertEquals(LeftoverScanner.MAX_EXAMPLES, one.leftoverExamples().size());
        assertEquals(one, two);
    }
}
