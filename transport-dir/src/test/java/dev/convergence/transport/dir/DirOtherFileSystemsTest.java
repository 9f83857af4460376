package dev.convergence.transport.dir;

import static dev.convergence.transport.dir.Publishing.publishRetrying;
import static dev.convergence.transport.dir.Publishing.put;
import static dev.convergence.transport.dir.Publishing.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VFS schemes other than {@code file:}: in-memory {@code ram:} (one process) and read-only {@code zip:}. */
class DirOtherFileSystemsTest {

    private static final ProjectId PROJECT = ProjectId.of("proj");

    @TempDir
    Path temp;

    private static Transport open(String location) throws UnsupportedClusterException {
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"));
        return new DirTransportProvider().open(ClusterUri.directory(location), new TransportContext(scratch, scratch, Map.of(), Map.of()));
    }

    @Test
    void aRamClusterSupportsTheWholeSingleProcessContract() throws Exception {
        try (Transport transport = open("ram:///cluster")) {
            transport.ensureCluster(true);
            assertEquals(List.of(), transport.listProjects());
            SnapshotToken first = transport.publish(PROJECT, SnapshotToken.ABSENT, put("context/a b é.jsonl", "1"));
            SnapshotToken second = transport.publish(PROJECT, first, put("context/a b é.jsonl", "2"));
            assertThrows(StaleSnapshotException.class, () -> transport.publish(PROJECT, first, put("x", "lost")));
            publishRetrying(transport, PROJECT, put("y", "3"));
            Snapshot snapshot = transport.read(PROJECT);
            assertTrue(!snapshot.token().equals(second));
            assertEquals("2", text(transport, snapshot, "context/a b é.jsonl"));
            assertEquals(List.of(PROJECT), transport.listProjects());
        }
    }

    @Test
    void aZippedClusterCanBeListedAndReadButNotPublished() throws Exception {
        Path cluster = temp.resolve("cluster");
        try (Transport transport = DirTransportTest.open(cluster, Map.of())) {
            transport.ensureCluster(true);
            transport.publish(PROJECT, SnapshotToken.ABSENT, put("roster.json", "{}\n"));
        }
        Path zip = zip(cluster, temp.resolve("cluster backup.zip"));
        try (Transport transport = open("zip:" + zip.toUri() + "!/")) {
            transport.ensureCluster(false);
            assertEquals(List.of(PROJECT), transport.listProjects());
            Snapshot snapshot = transport.read(PROJECT);
            assertEquals("{}\n", text(transport, snapshot, "roster.json"));
            assertThrows(dev.convergence.api.TransportException.class,
                    () -> transport.publish(PROJECT, snapshot.token(), put("roster.json", "{\"x\":1}\n")));
        }
    }

    @Test
    void anUnknownSchemeIsRefusedWithTheSchemesOnOffer() {
        var e = assertThrows(UnsupportedClusterException.class, () -> open("nosuchfs://host/x"));
        assertTrue(e.getMessage().contains("no file system for 'nosuchfs:'") && e.getMessage().contains("ram"), e.getMessage());
    }

    private static Path zip(Path folder, Path zip) throws Exception {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                z.putNextEntry(new ZipEntry(folder.relativize(p).toString().replace('\\', '/')));
                z.write(Files.readAllBytes(p));
                z.closeEntry();
            }
        }
        return zip;
    }
}
