package dev.convergence.core.sync;

import dev.convergence.api.Participant;
import dev.convergence.api.Roster;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.core.rewrite.FileKind;
import dev.convergence.core.roster.RosterCodec;
import dev.convergence.core.state.CrashPoint;
import dev.convergence.core.state.FileState;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The compare-and-swap loop of a push: merge the staged canonical files into the current
 * snapshot, publish only if the snapshot is still the one read, and on "stale" read again and
 * re-merge. Nothing is published when nothing changed.
 */
final class Publisher {

    private static final int MAX_ATTEMPTS = 12;

    private final SyncSetup setup;

    Publisher(SyncSetup setup) {
        this.setup = setup;
    }

    /** One file's merge result for the snapshot it was merged against. */
    record Merged(String rel, Content content, boolean equalsCluster, boolean equalsMine, boolean conflict) {
    }

    /** The published snapshot (or the current one when nothing needed publishing) and per-file results. */
    record Result(Snapshot snapshot, Map<String, Merged> merged, boolean published) {
    }

    Result publish(Snapshot snapshot, List<Stager.Staged> staged, Roster roster, SyncReport report) throws IOException {
        Snapshot current = snapshot;
        Roster currentRoster = roster;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, Merged> merged = new TreeMap<>();
            Map<String, Content> puts = new HashMap<>();
            for (Stager.Staged s : staged) {
                Merged m = merge(s, current);
                merged.put(s.rel(), m);
                if (!m.equalsCluster()) {
                    puts.put(ContextFiles.CLUSTER_PREFIX + s.rel(), m.content());
                }
            }
            Roster next = withThisMachine(currentRoster, !puts.isEmpty());
            if (!next.equals(currentRoster) || current.isAbsent()) {
                puts.put(RosterCodec.FILE, Content.of(RosterCodec.write(next)));
            }
            if (puts.isEmpty() || report.dryRun()) {
                return new Result(current, merged, false);
            }
            try {
                String message = message(merged, puts.size());
                CrashPoint.hit("publish.before");
                SnapshotToken token = setup.transport().publish(setup.state().id(), current.token(), new Changeset(puts, java.util.Set.of(), message));
                CrashPoint.hit("publish.after");
                Snapshot after = setup.transport().read(setup.state().id());
                report.published(token.value());
                if (!after.token().equals(token)) {
                    // Another machine published on top of ours before we could read it back: the
                    // ids now current are theirs, so every file we pushed must be pulled again.
                    merged.replaceAll((rel, m) -> new Merged(m.rel(), m.content(), m.equalsCluster(), false, m.conflict()));
                }
                return new Result(after, merged, true);
            } catch (StaleSnapshotException e) {
                report.retried();
                current = setup.transport().read(setup.state().id());
                currentRoster = Rosters.read(setup.transport(), current).orElse(currentRoster);
            }
        }
        throw new TransportException("the cluster kept changing while publishing (" + MAX_ATTEMPTS + " attempts)",
                "other machines are syncing the same project right now; run sync again in a moment");
    }

    private Merged merge(Stager.Staged s, Snapshot current) throws IOException {
        CrashPoint.hit("push.merge");
        SnapshotEntry c = current.entries().get(ContextFiles.CLUSTER_PREFIX + s.rel());
        FileState st = setup.state().files().get(s.rel());
        if (c == null) {
            return new Merged(s.rel(), s.content(), false, true, false);
        }
        if (s.appendOnly() && st != null && c.contentId().equals(st.clusterId())) {
            // Built as base + appended lines and the cluster still holds that base: a fast-forward.
            return new Merged(s.rel(), s.content(), s.content().size() == c.size(), true, false);
        }
        Path out = Files.createTempFile(setup.staging(), "m", ".merged");
        if (FileKind.of(s.rel()) == FileKind.JSONL) {
            TranscriptMerge.Outcome o;
            try (InputStream cin = setup.transport().open(current, c); InputStream min = s.content().open();
                 OutputStream w = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                o = TranscriptMerge.merge(cin, min, w, setup.staging());
            }
            return new Merged(s.rel(), Content.of(out), o.equalsCluster(), o.equalsMine(), false);
        }
        String theirs = read(current, c);
        String mine;
        try (InputStream in = s.content().open()) {
            mine = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The version the local file was made from; after a push-only merge, not the cluster's
        // copy it last saw (that one holds other machines' text this file never had).
        String baseId = st == null ? "" : st.mergeBase();
        String base = baseId.isEmpty() ? "" : baseOrEmpty(c.path(), baseId);
        if (c.contentId().equals(baseId)) {
            base = theirs;
        }
        TextMerge.Result r = TextMerge.merge(base, mine, theirs, s.rel().equals("memory/MEMORY.md"));
        Files.writeString(out, r.text(), StandardCharsets.UTF_8);
        return new Merged(s.rel(), Content.of(out), r.text().equals(theirs), r.text().equals(mine), r.conflict());
    }

    /** The base this machine converged on; empty (a two-way merge that keeps both sides) if the cluster pruned it. */
    private String baseOrEmpty(String path, String contentId) throws IOException {
        try {
            return read(Snapshot.absent(setup.state().id()), SnapshotEntry.regular(path, -1, contentId));
        } catch (dev.convergence.api.ConvergenceException e) {
            return "";
        }
    }

    private String read(Snapshot snapshot, SnapshotEntry e) throws IOException {
        try (InputStream in = setup.transport().open(snapshot, e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The roster with this machine's entry current; its convergence time moves only when content is published. */
    private Roster withThisMachine(Roster roster, boolean publishing) {
        Optional<Participant> existing = roster.participant(setup.layout().machineId());
        Participant fresh = Participant.of(setup.layout());
        if (existing.isPresent()) {
            Participant e = existing.get();
            boolean sameLayout = e.os() == fresh.os() && e.home().equals(fresh.home()) && e.projectRoot().equals(fresh.projectRoot())
                    && e.encodedDir().equals(fresh.encodedDir());
            if (sameLayout && !publishing) {
                return roster;
            }
            fresh = new Participant(fresh.machineId(), fresh.os(), fresh.home(), fresh.projectRoot(), fresh.encodedDir(),
                    e.lastConverged(), e.lastConvergedCommit(), e.extra());
        }
        return roster.withParticipant(fresh.converged(setup.env().now(), setup.state().lastToken().isEmpty() ? null : setup.state().lastToken()));
    }

    private static String message(Map<String, Merged> merged, int puts) {
        List<String> names = new ArrayList<>();
        merged.forEach((rel, m) -> {
            if (!m.equalsCluster() && names.size() < 3) {
                names.add(rel);
            }
        });
        return "convergence: " + puts + " file(s)" + (names.isEmpty() ? "" : " — " + String.join(", ", names)
                + (merged.size() > names.size() ? ", …" : ""));
    }
}
