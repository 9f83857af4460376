package dev.convergence.core.sync;

import dev.convergence.api.GuardRefusedException;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.core.roster.RosterCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Vets a snapshot before anything of it is written locally: a cluster is untrusted (anyone with
 * access to the repo or bucket can write it). Every entry must be a regular file with a plain
 * relative name that lands inside the context dir, and within the size cap; otherwise the
 * whole snapshot is refused and nothing is written.
 */
public final class SnapshotGuard {

    /** Top-level files a snapshot may hold besides {@code context/**}. */
    private static final Set<String> TOP_LEVEL = Set.of(RosterCodec.FILE, "forgotten.json", "README.md");
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[^/\\\\:\\x00-\\x1f\\x7f]+");

    private SnapshotGuard() {
    }

    public static void check(Snapshot snapshot, long maxBytes) {
        List<String> bad = new ArrayList<>();
        for (SnapshotEntry e : snapshot.entries().values()) {
            problem(e, maxBytes).ifPresent(p -> bad.add("'" + printable(e.path()) + "' " + p));
        }
        if (!bad.isEmpty()) {
            throw new GuardRefusedException("refused the cluster's snapshot of " + snapshot.project() + ": "
                    + String.join("; ", bad.subList(0, Math.min(5, bad.size())))
                    + (bad.size() > 5 ? " (and " + (bad.size() - 5) + " more)" : "") + "; nothing was written",
                    "the cluster holds entries this client never writes; inspect and repair the project's branch or prefix");
        }
    }

    private static java.util.Optional<String> problem(SnapshotEntry e, long maxBytes) {
        String p = e.path();
        if (e.type() != SnapshotEntry.Type.REGULAR && e.type() != SnapshotEntry.Type.EXECUTABLE) {
            return java.util.Optional.of("is a " + e.type().name().toLowerCase(java.util.Locale.ROOT) + ", not a regular file");
        }
        if (e.size() > maxBytes) {
            return java.util.Optional.of("is " + e.size() + " bytes, over the size cap of " + maxBytes);
        }
        if (p.startsWith("/") || p.matches("(?s)[A-Za-z]:.*")) {
            return java.util.Optional.of("is an absolute path");
        }
        for (String seg : p.split("/", -1)) {
            if (seg.equals("..") || seg.equals(".") || seg.isEmpty()) {
                return java.util.Optional.of("has an empty, '.' or '..' segment");
            }
            if (!SAFE_SEGMENT.matcher(seg).matches()) {
                return java.util.Optional.of("has a backslash, drive letter or control character in its name");
            }
        }
        if (TOP_LEVEL.contains(p)) {
            return java.util.Optional.empty();
        }
        if (!p.startsWith(ContextFiles.CLUSTER_PREFIX)) {
            return java.util.Optional.of("lies outside context/");
        }
        if (!ContextFiles.isSynced(p.substring(ContextFiles.CLUSTER_PREFIX.length()), true)) {
            return java.util.Optional.of("is not a transcript, memory file or session subfolder file");
        }
        return java.util.Optional.empty();
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(120).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
