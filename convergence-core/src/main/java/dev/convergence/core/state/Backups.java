package dev.convergence.core.state;

import dev.convergence.api.ProjectId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Keeps a copy of every local file before a pull overwrites it, under
 * {@code $CONVERGENCE_HOME/backups/<project>/<timestamp>/<relative path>}. A hard link where the
 * file system allows it (the original is replaced by rename, so the link keeps the old bytes),
 * else a copy.
 */
public final class Backups {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;

    public Backups(Path convergenceHome, ProjectId project, Instant now) {
        this.dir = convergenceHome.resolve("backups").resolve(project.value()).resolve(STAMP.format(now));
    }

    public Path dir() {
        return dir;
    }

    public void save(String rel, Path file) throws IOException {
        Path target = dir.resolve(rel);
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
