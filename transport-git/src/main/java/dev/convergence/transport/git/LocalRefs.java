package dev.convergence.transport.git;

import dev.convergence.api.transport.SnapshotToken;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A branch's commit in a repository on this machine, read from its files without JGit: the loose
 * ref, else the {@code packed-refs} line, as git resolves them. Anything unusual (a symbolic ref,
 * a linked work tree, reftable, a SHA-256 repository, an unreadable file) answers empty, and the
 * caller opens the repository properly. Git writes both files by rename, so a read sees an old or a
 * new value, never half of one; a ref being packed is in {@code packed-refs} before its loose file
 * goes, so reading the loose file first never misses it.
 */
final class LocalRefs {

    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}");

    private LocalRefs() {
    }

    /** The commit {@code ref} names in the repository at {@code location} (a path or {@code file://} URL), or empty. */
    static Optional<SnapshotToken> peek(String location, String ref) {
        try {
            Path dir = (location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location)).toAbsolutePath().normalize();
            Optional<Path> gitDir = gitDir(dir);
            if (gitDir.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> loose = read(gitDir.get().resolve(ref));
            if (loose.isPresent()) {
                String id = loose.get().strip();
                return OBJECT_ID.matcher(id).matches() ? Optional.of(new SnapshotToken(id)) : Optional.empty();
            }
            Optional<String> packed = read(gitDir.get().resolve("packed-refs"));
            return packed.isPresent() ? fromPacked(packed.get(), ref) : Optional.empty();
        } catch (IOException | RuntimeException unusual) {
            return Optional.empty();
        }
    }

    /** A bare repository, or a work tree's {@code .git} directory; nothing else. */
    private static Optional<Path> gitDir(Path dir) {
        Path dotGit = dir.resolve(".git");
        Path candidate = Files.isDirectory(dotGit) ? dotGit : dir;
        boolean plain = Files.isRegularFile(candidate.resolve("HEAD")) && Files.isDirectory(candidate.resolve("refs"))
                && Files.isDirectory(candidate.resolve("objects")) && !Files.exists(candidate.resolve("commondir"))
                && !Files.exists(candidate.resolve("reftable"));
        return plain ? Optional.of(candidate) : Optional.empty();
    }

    private static Optional<SnapshotToken> fromPacked(String packedRefs, String ref) {
        for (String line : List.of(packedRefs.split("\n"))) {
            int space = line.indexOf(' ');
            if (space == 40 && line.substring(41).stripTrailing().equals(ref)) {
                String id = line.substring(0, 40);
                return OBJECT_ID.matcher(id).matches() ? Optional.of(new SnapshotToken(id)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }
}
