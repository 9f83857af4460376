package dev.convergence.transport.dir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.vfs2.FileObject;

/**
 * The two operations the layout relies on to be atomic: create a file only if it is absent (the
 * lock) and rename a finished file to a name only if that name is free (a blob, a manifest).
 *
 * <p>On {@code file:} both are done with {@code java.nio}: {@code O_CREAT|O_EXCL} and
 * {@code rename(2)}, which are atomic on local disks and on NFSv3+/SMB2+ mounts, so several
 * processes and machines may share the folder. VFS itself has no exclusive create and its
 * {@code moveTo} deletes the target first; on every other scheme the check and the action are two
 * steps, serialised only inside this process (see docs/transports.md).
 */
final class AtomicFileOps {

    /** Whether these operations are atomic across processes for {@code file}'s file system. */
    static boolean isAtomicAcrossProcesses(FileObject file) {
        return "file".equals(file.getName().getScheme());
    }

    /**
     * Creates a folder and its parents, tolerating another writer creating them at the same
     * moment (VFS's {@code createFolder} fails when it loses that race).
     */
    void createFolders(FileObject folder) throws IOException {
        if (isAtomicAcrossProcesses(folder)) {
            Files.createDirectories(folder.getPath());
            return;
        }
        try {
            folder.createFolder();
        } catch (IOException e) {
            if (!folder.isFolder()) {
                throw e;
            }
        }
    }

    /** Creates {@code file} holding {@code content}; false, and nothing written, when it exists. */
    boolean createExclusively(FileObject file, byte[] content) throws IOException {
        if (isAtomicAcrossProcesses(file)) {
            Path path = file.getPath();
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(content);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            return true;
        }
        synchronized (file.getFileSystem()) {
            if (file.exists()) {
                return false;
            }
            try (OutputStream out = file.getContent().getOutputStream()) {
                out.write(content);
            }
            return true;
        }
    }

    /**
     * Renames {@code from} to {@code to} when {@code to} does not exist yet. Returns false, leaving
     * {@code from} in place, when {@code to} exists. Callers that need exclusivity hold the
     * project lock; for content-addressed blobs a lost race is harmless (same bytes).
     */
    boolean moveIfAbsent(FileObject from, FileObject to) throws IOException {
        if (isAtomicAcrossProcesses(from) && isAtomicAcrossProcesses(to)) {
            try {
                Files.move(from.getPath(), to.getPath());
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        synchronized (to.getFileSystem()) {
            if (to.exists()) {
                return false;
            }
            from.moveTo(to);
            return true;
        }
    }

    /**
     * Renames {@code from} away to {@code to} (a fresh, unique name); false when {@code from} is
     * already gone, which tells two processes racing to take over a stale lock which one won.
     */
    boolean moveAway(FileObject from, FileObject to) throws IOException {
        if (isAtomicAcrossProcesses(from) && isAtomicAcrossProcesses(to)) {
            try {
                Files.move(from.getPath(), to.getPath());
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }
        synchronized (from.getFileSystem()) {
            if (!from.exists()) {
                return false;
            }
            from.moveTo(to);
            return true;
        }
    }
}
