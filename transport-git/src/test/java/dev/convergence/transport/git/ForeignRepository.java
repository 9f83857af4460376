package dev.convergence.transport.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.TreeFormatter;

/** A bare repository that belongs to someone else: a branch {@code master} with source code. */
final class ForeignRepository {

    private ForeignRepository() {
    }

    static Path create(Path dir) throws IOException {
        try (FileRepository repo = new FileRepository(dir.toFile())) {
            repo.create(true);
            try (ObjectInserter ins = repo.newObjectInserter()) {
                TreeFormatter tree = new TreeFormatter();
                tree.append("Main.java", FileMode.REGULAR_FILE,
                        ins.insert(Constants.OBJ_BLOB, "class Main {}\n".getBytes(StandardCharsets.UTF_8)));
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(ins.insert(tree));
                PersonIdent who = new PersonIdent("someone", "someone@example.com");
                cb.setAuthor(who);
                cb.setCommitter(who);
                cb.setMessage("code\n");
                ObjectId commit = ins.insert(cb);
                ins.flush();
                RefUpdate u = repo.updateRef("refs/heads/master");
                u.setNewObjectId(commit);
                u.update();
            }
        }
        return dir;
    }
}
