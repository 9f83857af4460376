package dev.convergence.transport.git;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.StoredConfig;

/** Empty bare repositories as a server would host them, with background gc off so tests can delete them. */
public final class BareRepositories {

    private BareRepositories() {
    }

    public static Path createEmpty(Path dir) throws IOException {
        try (FileRepository repo = new FileRepository(dir.toFile())) {
            repo.create(true);
            quiet(repo);
        }
        return dir;
    }

    /** No automatic gc after a receive: a detached gc would still write while the test deletes the repository. */
    static void quiet(FileRepository repo) throws IOException {
        StoredConfig config = repo.getConfig();
        config.setBoolean("receive", null, "autogc", false);
        config.setInt("gc", null, "auto", 0);
        config.save();
    }
}
