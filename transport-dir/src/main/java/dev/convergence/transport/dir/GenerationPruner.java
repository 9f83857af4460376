package dev.convergence.transport.dir;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileType;

/**
 * Removes what no reader can still need, bounded so a publish stays cheap. Runs under the
 * project lock, right after a commit. The rule:
 * <ul>
 *   <li>The newest {@code keepGenerations} manifests are always kept, the current one among them.</li>
 *   <li>An older manifest is deleted only once its successor has been current for longer than
 *       {@code readerGrace} (by the successor file's modification time): a reader that read it
 *       while it was current has had that long to stream its blobs. Pruning starts only when twice {@code keepGenerations} manifests have
 *       piled up, so blobs are swept once per {@code keepGenerations} publishes, not every time.</li>
 *   <li>A blob is deleted when no kept manifest names it and it is older than {@code readerGrace}
 *       (a writer may have just stored it for a manifest it is about to commit; writers also
 *       re-check their blobs under the lock before committing).</li>
 *   <li>Files under {@code tmp/} and manifests that do not parse, older than
 *       {@code lockStaleAfter}, were left by crashed writers and are deleted.</li>
 * </ul>
 */
final class GenerationPruner {

    private final ManifestStore manifests;
    private final DirOptions options;
    private final Clock clock;

    GenerationPruner(ManifestStore manifests, DirOptions options, Clock clock) {
        this.manifests = manifests;
        this.options = options;
        this.clock = clock;
    }

    void prune(ProjectFolder folder) throws IOException {
        Instant now = clock.instant();
        removeLeftovers(folder.tmp(), now);
        List<Long> generations = manifests.generations(folder);
        if (generations.size() < 2 * options.keepGenerations()) {
            return;
        }
        List<Long> expired = new ArrayList<>();
        Long successorCommitted = null;
        for (int i = 0; i < generations.size(); i++) {
            FileObject file = folder.manifest(generations.get(i));
            long committed = file.getContent().getLastModifiedTime();
            if (i >= options.keepGenerations() && successorCommitted != null
                    && successorCommitted + options.readerGrace().toMillis() < now.toEpochMilli()) {
                expired.add(generations.get(i));
            }
            successorCommitted = committed;
        }
        if (expired.isEmpty()) {
            return;
        }
        for (long generation : expired) {
            folder.manifest(generation).delete();
        }
        Set<String> kept = new HashSet<>();
        for (long generation : manifests.generations(folder)) {
            Optional<Manifest> manifest = manifests.read(folder, generation);
            if (manifest.isPresent()) {
                manifest.get().entries().values().forEach(e -> kept.add(e.contentId()));
            } else {
                deleteIfOlder(folder.manifest(generation), now, options.lockStaleAfter().toMillis());
            }
        }
        sweepBlobs(folder, kept, now);
    }

    /**
     * Deletes every manifest but {@code current}'s and every blob it does not name, whatever their
     * age (the history is being replaced: a reader still streaming an older generation fails and
     * reads again). Called under the project lock, right after {@code current} was committed.
     */
    void forgetAllBut(ProjectFolder folder, Manifest current) throws IOException {
        for (long generation : manifests.generations(folder)) {
            if (generation != current.generation()) {
                folder.manifest(generation).delete();
            }
        }
        Set<String> kept = new HashSet<>();
        current.entries().values().forEach(e -> kept.add(e.contentId()));
        sweepBlobs(folder, kept, clock.instant(), Long.MIN_VALUE);
    }

    private void sweepBlobs(ProjectFolder folder, Set<String> kept, Instant now) throws IOException {
        sweepBlobs(folder, kept, now, options.readerGrace().toMillis());
    }

    private void sweepBlobs(ProjectFolder folder, Set<String> kept, Instant now, long graceMillis) throws IOException {
        FileObject objects = folder.objects();
        if (objects.getType() != FileType.FOLDER) {
            return;
        }
        for (FileObject fan : objects.getChildren()) {
            if (fan.getType() != FileType.FOLDER) {
                continue;
            }
            for (FileObject blob : fan.getChildren()) {
                if (!kept.contains(blob.getName().getBaseName())) {
                    deleteIfOlder(blob, now, graceMillis);
                }
            }
        }
    }

    private void removeLeftovers(FileObject tmp, Instant now) throws IOException {
        if (tmp.getType() != FileType.FOLDER) {
            return;
        }
        for (FileObject leftover : tmp.getChildren()) {
            deleteIfOlder(leftover, now, options.lockStaleAfter().toMillis());
        }
    }

    private static boolean deleteIfOlder(FileObject file, Instant now, long ageMillis) throws IOException {
        if (!file.exists() || now.toEpochMilli() - file.getContent().getLastModifiedTime() <= ageMillis) {
            return false;
        }
        file.deleteAll();
        return true;
    }
}
