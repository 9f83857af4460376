package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;

/** What tests of pack consolidation look at: the pack files of a repository, and whether every object is still there. */
final class PackFiles {

    private PackFiles() {
    }

    /** The {@code .pack} files of the bare repository {@code repo}, sorted by name. */
    static List<Path> packs(Path repo) throws IOException {
        Path dir = repo.resolve("objects").resolve("pack");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pack")).sorted().toList();
        }
    }

    /** Total bytes of the pack files of {@code repo}. */
    static long packBytes(Path repo) throws IOException {
        long total = 0;
        for (Path p : packs(repo)) {
            total += Files.size(p);
        }
        return total;
    }

    /**
     * The most packs a consolidated repository may hold: the threshold, or a geometric progression
     * of packs from the smallest to the total size plus one pack below it, whichever is more.
     */
    static int bound(Path repo) throws IOException {
        long smallest = Long.MAX_VALUE;
        for (Path p : packs(repo)) {
            smallest = Math.min(smallest, Math.max(1, Files.size(p)));
        }
        if (smallest == Long.MAX_VALUE) {
            return PackConsolidation.MAX_PACKS;
        }
        int progression = 64 - Long.numberOfLeadingZeros(packBytes(repo) / smallest);
        return Math.max(PackConsolidation.MAX_PACKS, progression + 2);
    }

    static void assertFew(Path repo, String what) throws IOException {
        int n = packs(repo).size();
        assertTrue(n <= bound(repo), what + " holds " + n + " packs, more than " + bound(repo));
    }

    /** Writes one pack holding one blob per item of {@code contents}; returns the ids. */
    static List<ObjectId> insertPack(FileRepository repo, byte[]... contents) throws IOException {
        List<ObjectId> ids = new ArrayList<>();
        try (PackInserter inserter = repo.getObjectDatabase().newPackInserter()) {
            for (byte[] c : contents) {
                ids.add(inserter.insert(Constants.OBJ_BLOB, c));
            }
            inserter.flush();
        }
        return ids;
    }

    /**
     * {@code versions} commits on top of {@code parent} (null: a root), each growing one file by a
     * line, written as one pack with deltas between the versions (by offset or by object id), its
     * loose objects removed. Returns the last commit.
     */
    static ObjectId deltaPack(FileRepository repo, ObjectId parent, int versions, boolean deltaByOffset) throws IOException {
        ObjectId tip = parent;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("{\"line\":").append(i).append(",\"text\":\"the same words in every version\"}\n");
        }
        try (org.eclipse.jgit.lib.ObjectInserter inserter = repo.newObjectInserter()) {
            for (int v = 0; v < versions; v++) {
                text.append("{\"version\":\"").append(tip == null ? "root" : tip.name()).append(v).append("\"}\n");
                org.eclipse.jgit.lib.TreeFormatter tree = new org.eclipse.jgit.lib.TreeFormatter();
                tree.append("s.jsonl", org.eclipse.jgit.lib.FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, bytes(text.toString())));
                org.eclipse.jgit.lib.CommitBuilder commit = new org.eclipse.jgit.lib.CommitBuilder();
                commit.setTreeId(inserter.insert(tree));
                if (tip != null) {
                    commit.setParentId(tip);
                }
                commit.setAuthor(new org.eclipse.jgit.lib.PersonIdent("t", "t@localhost"));
                commit.setCommitter(commit.getAuthor());
                commit.setMessage("version " + v + "\n");
                tip = inserter.insert(commit);
            }
            inserter.flush();
        }
        org.eclipse.jgit.storage.pack.PackConfig config = new org.eclipse.jgit.storage.pack.PackConfig(repo);
        config.setDeltaCompress(true);
        config.setDeltaBaseAsOffset(deltaByOffset);
        config.setThreads(1);
        try (ObjectReader reader = repo.newObjectReader();
             org.eclipse.jgit.internal.storage.pack.PackWriter writer = new org.eclipse.jgit.internal.storage.pack.PackWriter(config, reader)) {
            writer.setThin(false);
            writer.preparePack(org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE, java.util.Set.of(tip),
                    parent == null ? java.util.Set.of() : java.util.Set.of(parent));
            PackCopy.write(writer, repo, true);
        }
        try (Stream<Path> files = Files.walk(repo.getObjectsDirectory().toPath())) {
            for (Path f : files.filter(f -> f.getParent().getFileName().toString().matches("[0-9a-f]{2}")).toList()) {
                Files.delete(f);
            }
        }
        org.eclipse.jgit.lib.RefUpdate u = repo.updateRef("refs/heads/main");
        u.setNewObjectId(tip);
        u.setForceUpdate(true);
        u.update();
        return tip;
    }

    /** The type in the header of the entry at {@code offset} of {@code pack}: 6 and 7 are deltas. */
    static int storedType(Path pack, long offset) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(pack)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, offset);
            return (b.get(0) >> 4) & 7;
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every object every ref reaches opens and reads to its end, in a repository opened afresh. */
    static void assertEverythingReadable(Path repo) throws IOException {
        try (FileRepository r = new FileRepository(repo.toFile());
             ObjectReader reader = r.newObjectReader();
             ObjectWalk walk = new ObjectWalk(reader)) {
            List<Ref> refs = r.getRefDatabase().getRefs();
            assertTrue(!refs.isEmpty(), repo + " has no refs");
            for (Ref ref : refs) {
                if (ref.getObjectId() != null) {
                    walk.markStart(walk.parseAny(ref.getObjectId()));
                }
            }
            for (RevObject o = walk.next(); o != null; o = walk.next()) {
                readWhole(reader, o);
            }
            for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                readWhole(reader, o);
            }
        }
    }

    static void readWhole(ObjectReader reader, ObjectId id) throws IOException {
        org.eclipse.jgit.lib.ObjectLoader loader = reader.open(id);
        try (InputStream in = loader.openStream()) {
            assertEquals(loader.getSize(), in.transferTo(java.io.OutputStream.nullOutputStream()), "size of " + id.name());
        }
    }

    /** {@code git fsck --full --strict} finds nothing wrong in {@code repo}. */
    static void assertFsckClean(Path repo) throws IOException, InterruptedException {
        List<String> command = List.of("git", "--git-dir=" + repo, "fsck", "--full", "--strict", "--no-progress", "--no-dangling");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed: " + out);
        assertEquals("", out.strip(), "git fsck of " + repo);
    }
}
