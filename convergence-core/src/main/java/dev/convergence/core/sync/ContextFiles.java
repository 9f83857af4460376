package dev.convergence.core.sync;

import dev.convergence.api.BadInputException;
import dev.convergence.api.Diagnostic;
import dev.convergence.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which files of a context dir are synced: top-level {@code *.jsonl} transcripts, everything under
 * {@code memory/}, and (unless opted out) {@code <session>/subagents/**} and
 * {@code <session>/tool-results/**}. Temp files, symlinks and anything else are left alone.
 */
public final class ContextFiles {

    /** Where a context file lives inside a project's snapshot tree. */
    public static final String CLUSTER_PREFIX = "context/";

    private static final Pattern SESSION_DIR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ContextFiles() {
    }

    /** Whether a relative path is one we sync (also used to vet names that come from the cluster). */
    public static boolean isSynced(String rel, boolean subfolders) {
        String[] parts = rel.split("/", -1);
        for (String p : parts) {
            if (p.isEmpty() || p.equals(".") || p.equals("..") || p.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                return false;
            }
        }
        if (parts.length == 1) {
            return parts[0].endsWith(".jsonl");
        }
        if (parts[0].equals("memory")) {
            return true;
        }
        return subfolders && parts.length >= 3 && SESSION_DIR.matcher(parts[0]).matches()
                && (parts[1].equals("subagents") || parts[1].equals("tool-results"));
    }

    /**
     * The context-dir path of a cluster entry that a pull takes, or null: not a context file, or a
     * subfolder file when this machine does not sync subfolders.
     */
    static String pulledPath(String clusterPath, boolean subfolders) {
        if (!clusterPath.startsWith(CLUSTER_PREFIX)) {
            return null;
        }
        String rel = clusterPath.substring(CLUSTER_PREFIX.length());
        return !subfolders && rel.contains("/") && !rel.startsWith("memory/") ? null : rel;
    }

    /**
     * Lists the synced files under {@code contextDir}; files over {@code maxBytes} are skipped with a warning.
     */
    public static Map<String, LocalFile> scan(Path contextDir, boolean subfolders, long maxBytes, List<Diagnostic> diagnostics) {
        Map<String, LocalFile> out = new TreeMap<>();
        if (!Files.exists(contextDir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        if (!Files.isDirectory(contextDir)) {
            throw new BadInputException("context dir " + contextDir + " is not a directory", "move the file aside; Claude Code keeps a folder there");
        }
        try {
            Files.walkFileTree(contextDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(contextDir)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = relative(contextDir, dir);
                    int depth = rel.split("/").length;
                    if (rel.equals("memory") || rel.startsWith("memory/")) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!subfolders) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (depth == 1) {
                        return FileVisitResult.CONTINUE;
                    }
                    String second = rel.split("/")[1];
                    return second.equals("subagents") || second.equals("tool-results")
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = relative(contextDir, file);
                    if (!isSynced(rel, subfolders)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.size() > maxBytes) {
                        diagnostics.add(Diagnostic.warning(rel, "skipped: " + attrs.size() + " bytes is over the size cap of "
                                + maxBytes + " bytes (raise it with the project's max_file_bytes)"));
                        return FileVisitResult.CONTINUE;
                    }
                    out.put(rel, new LocalFile(rel, file, attrs.size(), attrs.lastModifiedTime().toMillis()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    diagnostics.add(Diagnostic.warning(relative(contextDir, file), "skipped: cannot read (" + exc.getMessage() + ")"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BadInputException("cannot read context dir " + contextDir + ": " + e.getMessage(), "check its permissions");
        }
        return out;
    }

    static String relative(Path base, Path p) {
        return base.relativize(p).toString().replace('\\', '/');
    }
}
