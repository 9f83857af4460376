package dev.convergence.core.state;

import dev.convergence.api.BadInputException;
import dev.convergence.api.NotFoundException;
import dev.convergence.api.ProjectId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A project's backup sets under {@code $CONVERGENCE_HOME/backups/<project>/<timestamp>/}: listed,
 * pruned by a bounded policy (at most {@code keep} sets and {@code maxBytes} in total, the newest
 * set always kept), and restored (the files a restore overwrites are backed up first).
 */
public final class BackupArchive {

    public static final int DEFAULT_KEEP = 20;
    public static final long DEFAULT_MAX_BYTES = 2L << 30;

    private final Path dir;

    public BackupArchive(Path convergenceHome, ProjectId project) {
        this.dir = convergenceHome.resolve("backups").resolve(project.value());
    }

    /** One backup set: when it was taken, how many files and bytes it holds. */
    public record BackupSet(String timestamp, Path dir, int files, long bytes) {
    }

    public List<BackupSet> list() {
        List<BackupSet> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> sets = Files.list(dir)) {
            for (Path set : sets.filter(Files::isDirectory).sorted().toList()) {
                List<Path> files = files(set);
                long bytes = 0;
                for (Path f : files) {
                    bytes += Files.size(f);
                }
                out.add(new BackupSet(set.getFileName().toString(), set, files.size(), bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Deletes the oldest sets until at most {@code keep} remain and they total at most {@code maxBytes}. */
    public int prune(int keep, long maxBytes) {
        List<BackupSet> sets = list();
        long total = sets.stream().mapToLong(BackupSet::bytes).sum();
        int removed = 0;
        for (int i = 0; i < sets.size() - 1 && (sets.size() - removed > keep || total > maxBytes); i++) {
            total -= sets.get(i).bytes();
            delete(sets.get(i).dir());
            removed++;
        }
        return removed;
    }

    /**
     * Copies the files of set {@code timestamp} back into {@code contextDir}.
     *
     * @return the relative paths restored (or that would be, with {@code dryRun})
     */
    public List<String> restore(String timestamp, Path contextDir, Instant now, boolean dryRun) {
        BackupSet set = list().stream().filter(s -> s.timestamp().equals(timestamp)).findFirst()
                .orElseThrow(() -> new NotFoundException("no backup " + timestamp + " in " + dir,
                        "list them with 'convergence restore --list'"));
        List<String> restored = new ArrayList<>();
        try {
            Backups before = null;
            for (Path f : files(set.dir())) {
                String rel = set.dir().relativize(f).toString().replace('\\', '/');
                Path target = contextDir.resolve(rel).normalize();
                if (!target.startsWith(contextDir)) {
                    throw new BadInputException("backup entry " + rel + " points outside the context dir", "remove it from " + set.dir());
                }
                restored.add(rel);
                if (dryRun) {
                    continue;
                }
                if (Files.exists(target)) {
                    if (before == null) {
                        before = new Backups(dir.getParent().getParent(), ProjectId.of(dir.getFileName().toString()), now);
                    }
                    before.save(rel, target);
                }
                FileTime mtime = Files.getLastModifiedTime(f);
                AtomicFiles.write(target, out -> Files.copy(f, out), mtime);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return restored;
    }

    private static List<Path> files(Path set) throws IOException {
        try (Stream<Path> w = Files.walk(set)) {
            return w.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void delete(Path p) {
        try (Stream<Path> w = Files.walk(p)) {
            for (Path x : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
