package dev.convergence.core.crypto;

import dev.convergence.api.GuardRefusedException;
import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * End-to-end encryption as a {@link Transport} decorator: core reads and publishes plain paths
 * ({@code roster.json}, {@code context/<uuid>.jsonl}); the store underneath holds only
 * {@code keys.json} (wrapped data keys, no secret in clear), {@code e/index} (the sealed index)
 * and opaque segment objects {@code e/<hmac>}. A project without {@code keys.json} passes
 * through untouched, so one decorator serves encrypted and cleartext projects alike.
 *
 * <p>Content ids handed to core name the store's own ids of a file's segments plus each
 * segment's plaintext id ({@code e1:<raw id>.<segment id>.<length>;…}), so an old base is
 * re-opened by id as the {@link Transport} contract requires, and an unchanged file keeps its id.
 * A file that grew by appending is stored as its old segments plus one new segment holding only
 * the appended bytes; a chain of {@value #MAX_SEGMENTS} is rewritten as one segment.
 */
public final class EncryptingTransport implements Transport {

    public static final String KEYS = "keys.json";
    public static final String INDEX = "e/index";
    static final String CID_PREFIX = "e1:";
    static final int MAX_SEGMENTS = 16;
    private static final int MAX_META_BYTES = 256 << 20;

    private final Transport raw;
    private final LocalKeys local;
    private final Map<ProjectId, View> views = new HashMap<>();
    private final Map<ProjectId, byte[]> creating = new HashMap<>();
    private final Map<ProjectId, Rotation> rotations = new HashMap<>();
    private final Map<String, byte[]> passphraseKeks = new HashMap<>();

    /** A decrypted snapshot: the raw one, the keys that open it, its index, and the plain view core sees. */
    record View(Snapshot raw, KeyChain keys, CipherIndex index, Snapshot plain) {
    }

    /** A key rotation to apply with the next publish. */
    record Rotation(String keyId, KeyRing ring, Set<String> keep) {
    }

    public EncryptingTransport(Transport raw, LocalKeys local) {
        this.raw = raw;
        this.local = local;
    }

    /** The store underneath (what the host sees). */
    public Transport raw() {
        return raw;
    }

    LocalKeys local() {
        return local;
    }

    /** Makes the next publish of {@code project} create it (or convert it) encrypted under a fresh data key. */
    public void encryptNext(ProjectId project) {
        creating.put(project, Aead.random(32));
    }

    void rotateNext(ProjectId project, Rotation r) {
        rotations.put(project, r);
    }

    @Override
    public ClusterUri uri() {
        return raw.uri();
    }

    @Override
    public void ensureCluster(boolean create) {
        raw.ensureCluster(create);
    }

    @Override
    public List<ProjectId> listProjects() {
        return raw.listProjects();
    }

    /** Whether the cluster's copy of a project is encrypted (reads only the listing). */
    public boolean isEncrypted(ProjectId project) {
        return raw.read(project).entries().containsKey(KEYS);
    }

    @Override
    public Snapshot read(ProjectId project) {
        Snapshot r = raw.read(project);
        LocalKeys.Record rec = local.load(project);
        if (r.isAbsent() || !r.entries().containsKey(KEYS)) {
            views.remove(project);
            if (!r.isAbsent() && rec.encrypted) {
                throw new GuardRefusedException("refused the cluster's copy of project " + project
                        + ": it is no longer encrypted, but this machine synced it encrypted before; nothing was written",
                        "someone with write access to the cluster replaced the project; restore it from a good copy");
            }
            return r;
        }
        View v = views.get(project);
        if (v == null || !v.raw().token().equals(r.token())) {
            v = decrypt(r, rec);
            views.put(project, v);
        }
        return v.plain();
    }

    /** The decrypted view of the current snapshot, or {@code null} for a cleartext or absent project. */
    View view(ProjectId project) {
        read(project);
        return views.get(project);
    }

    private View decrypt(Snapshot r, LocalKeys.Record rec) {
        ProjectId project = r.project();
        KeyRing ring = KeyRing.parse(readRaw(r, KEYS), project.value());
        KeyChain chain = new KeyChain(project, ring, local, rec, passphraseKeks);
        if (!r.entries().containsKey(INDEX)) {
            throw CipherIndex.refused(project.value(), "is missing (keys.json without e/index)");
        }
        byte[] sealed = readRaw(r, INDEX);
        CipherIndex ix = CipherIndex.open(sealed, project.value(), chain.key(CipherIndex.keyIdOf(sealed, project.value())));
        if (ix.generation < rec.generation) {
            throw new GuardRefusedException("refused the cluster's index of project " + project + ": it is generation " + ix.generation
                    + ", older than generation " + rec.generation + " this machine already saw (a replayed old copy); nothing was written",
                    "the cluster was rolled back; restore it from a good copy or sync from a machine that has the newest state");
        }
        if (!rec.encrypted || ix.generation > rec.generation) {
            rec.encrypted = true;
            rec.generation = ix.generation;
            local.save(project, rec);
        }
        Map<String, SnapshotEntry> plain = new TreeMap<>();
        ix.files.forEach((path, f) -> {
            StringBuilder cid = new StringBuilder(CID_PREFIX);
            for (CipherIndex.Segment s : f.segments()) {
                SnapshotEntry e = r.entries().get(s.name());
                if (e == null) {
                    throw CipherIndex.refused(project.value(), "names an object the cluster does not hold (" + s.name() + ")");
                }
                cid.append(cid.length() > CID_PREFIX.length() ? ";" : "").append(e.contentId()).append('.').append(s.id())
                        .append('.').append(s.length());
            }
            plain.put(path, SnapshotEntry.regular(path, f.size(), cid.toString()));
        });
        return new View(r, chain, ix, new Snapshot(project, r.token(), plain));
    }

    private byte[] readRaw(Snapshot r, String path) {
        try (InputStream in = raw.open(r, r.entries().get(path))) {
            byte[] b = in.readNBytes(MAX_META_BYTES + 1);
            if (b.length > MAX_META_BYTES) {
                throw CipherIndex.refused(r.project().value(), path + " is over " + MAX_META_BYTES + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new TransportException("cannot read " + path + " of " + r.project() + ": " + e.getMessage(), "check the cluster and try again", e);
        }
    }

    /** Cleartext projects pass through to the wrapped transport; decryption stays on one thread. */
    @Override
    public boolean supportsConcurrentOpen() {
        return views.isEmpty() && raw.supportsConcurrentOpen();
    }

    /**
     * Cleartext content is the store's own, so the store answers; an encrypted file's appended
     * segments are not offered (core then reads the whole file).
     */
    @Override
    public Optional<InputStream> openAppended(Snapshot snapshot, SnapshotEntry entry, String baseContentId) {
        if (entry.contentId().startsWith(CID_PREFIX) || baseContentId.startsWith(CID_PREFIX)) {
            return Optional.empty();
        }
        return raw.openAppended(snapshot, entry, baseContentId);
    }

    @Override
    public InputStream open(Snapshot snapshot, SnapshotEntry entry) {
        if (!entry.contentId().startsWith(CID_PREFIX)) {
            return raw.open(snapshot, entry);
        }
        ProjectId project = snapshot.project();
        View v = views.get(project);
        if (v == null) {
            v = view(project);
            if (v == null) {
                throw new TransportException("project " + project + " is not encrypted in the cluster, yet an encrypted id was asked for",
                        "run sync again");
            }
        }
        KeyChain keys = v.keys();
        String[] segs = entry.contentId().substring(CID_PREFIX.length()).split(";");
        Enumeration<InputStream> parts = new Enumeration<>() {
            int i;

            @Override
            public boolean hasMoreElements() {
                return i < segs.length;
            }

            @Override
            public InputStream nextElement() {
                String[] p = segs[i].split("\\.");
                if (p.length != 3) {
                    throw new GuardRefusedException("malformed encrypted content id for " + entry.path(), "run sync again");
                }
                InputStream in = raw.open(Snapshot.absent(project), SnapshotEntry.regular(INDEX, -1, p[0]));
                try {
                    return SealedSegment.open(in, keys::key, SealedSegment.context(project.value(), entry.path(), i++, p[1]),
                            Long.parseLong(p[2]), entry.path());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return new SequenceInputStream(parts);
    }

    @Override
    public SnapshotToken publish(ProjectId project, SnapshotToken expected, Changeset changes) {
        byte[] fresh = creating.get(project);
        View base = null;
        Set<String> cleartext = Set.of();
        if (!expected.isAbsent()) {
            base = views.get(project);
            if (base == null || !base.raw().token().equals(expected)) {
                Snapshot current = read(project);
                if (!current.token().equals(expected)) {
                    throw new StaleSnapshotException("project " + project + " changed in the cluster since it was read", "read it again");
                }
                base = views.get(project);
            }
            if (base == null && fresh != null) {
                cleartext = raw.read(project).entries().keySet();
            }
        }
        if (base == null && fresh == null) {
            return raw.publish(project, expected, changes);
        }
        try {
            return publishEncrypted(project, expected, changes, base, fresh, cleartext);
        } catch (IOException e) {
            throw new TransportException("cannot encrypt for " + project + ": " + e.getMessage(), "publish again", e);
        }
    }

    private SnapshotToken publishEncrypted(ProjectId project, SnapshotToken expected, Changeset changes, View base, byte[] fresh,
                                           Set<String> cleartext) throws IOException {
        String me = local.machineId();
        MachineKey mk = local.machineKey();
        LocalKeys.Record rec = local.load(project);
        CipherIndex ix;
        KeyRing ring;
        boolean ringChanged;
        if (base == null) {
            ix = new CipherIndex();
            ix.generation = 0;
            ix.currentKey = "k1";
            ring = new KeyRing(project.value());
            KeyRing.Entry k1 = new KeyRing.Entry("k1");
            k1.machines.put(me, KeyWrap.wrap(fresh, mk.publicKey(), KeyRing.context(project.value(), "k1", me)));
            if (local.passphrase().isPresent()) {
                k1.passphrase = KeyWrap.wrap(fresh, local.passphrase().get().toCharArray(), KeyRing.context(project.value(), "k1", "passphrase"));
            }
            ring.keys.add(k1);
            ringChanged = true;
        } else {
            ix = base.index().copy();
            Rotation rot = rotations.get(project);
            ring = KeyRing.parse(rot != null ? rot.ring().write() : base.keys().ring().write(), project.value());
            ringChanged = rot != null;
            if (rot != null) {
                ix.currentKey = rot.keyId();
                ix.machines.keySet().retainAll(rot.keep());
            }
        }
        KeyChain chain = new KeyChain(project, ring, local, rec, passphraseKeks);
        ix.generation++;
        String keyId = ix.currentKey;
        byte[] dk = chain.key(keyId);
        Map<String, Content> puts = new HashMap<>();
        for (String d : changes.deletes()) {
            ix.files.remove(d);
        }
        for (Map.Entry<String, Content> p : changes.puts().entrySet()) {
            ix.files.put(p.getKey(), encrypt(project, p.getKey(), p.getValue(), ix.files.get(p.getKey()), keyId, dk, puts));
        }
        if (!mk.publicBase64().equals(ix.machines.get(me))) {
            ix.machines.put(me, mk.publicBase64());
        }
        for (KeyRing.Entry e : ring.keys) {
            if (!e.machines.containsKey(me)) {
                var k = chain.find(e.id);
                if (k.isPresent()) {
                    e.machines.put(me, KeyWrap.wrap(k.get(), mk.publicKey(), KeyRing.context(project.value(), e.id, me)));
                    ringChanged = true;
                }
            }
        }
        if (ringChanged) {
            puts.put(KEYS, Content.of(ring.write()));
        }
        puts.put(INDEX, Ciphertext.of(ix.seal(project.value(), dk)));
        Set<String> deletes = new HashSet<>(cleartext);
        if (base != null) {
            for (CipherIndex.FileEntry f : base.index().files.values()) {
                f.segments().forEach(s -> deletes.add(s.name()));
            }
        }
        for (CipherIndex.FileEntry f : ix.files.values()) {
            f.segments().forEach(s -> deletes.remove(s.name()));
        }
        deletes.removeAll(puts.keySet());
        Changeset sealed = new Changeset(puts, deletes, "convergence: encrypted update, generation " + ix.generation);
        // Turning a cleartext project into ciphertext: the cleartext must not stay in the history.
        SnapshotToken token = cleartext.isEmpty() ? raw.publish(project, expected, sealed)
                : raw.publishReplacingHistory(project, expected, sealed);
        rec.encrypted = true;
        rec.generation = Math.max(rec.generation, ix.generation);
        local.save(project, rec);
        creating.remove(project);
        rotations.remove(project);
        views.remove(project);
        return token;
    }

    /** The new index entry for {@code path}: the old chain plus a segment of the appended bytes, or one fresh segment. */
    private CipherIndex.FileEntry encrypt(ProjectId project, String path, Content content, CipherIndex.FileEntry old, String keyId,
                                          byte[] dk, Map<String, Content> puts) throws IOException {
        long oldSize = old == null ? -1 : old.size();
        MessageDigest full = SealedSegment.sha256();
        MessageDigest tail = SealedSegment.sha256();
        boolean checked = false;
        boolean prefix = false;
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = content.open()) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                if (oldSize >= total && oldSize <= total + n && !checked) {
                    int k = (int) (oldSize - total);
                    full.update(buf, 0, k);
                    prefix = hex(clone(full).digest()).equals(old.sha256());
                    checked = true;
                    full.update(buf, k, n - k);
                    tail.update(buf, k, n - k);
                } else {
                    full.update(buf, 0, n);
                    if (checked) {
                        tail.update(buf, 0, n);
                    }
                }
                total += n;
            }
        }
        String fullHex = hex(full.digest());
        if (old != null && total == old.size() && fullHex.equals(old.sha256())) {
            return old;
        }
        List<CipherIndex.Segment> segs = new ArrayList<>();
        long start = 0;
        String segId = fullHex.substring(0, 32);
        if (prefix && total > oldSize && oldSize > 0 && old.segments().size() < MAX_SEGMENTS) {
            segs.addAll(old.segments());
            start = oldSize;
            segId = hex(tail.digest()).substring(0, 32);
        }
        int index = segs.size();
        byte[] nameKey = Hkdf.derive(dk, null, "convergence names v1", 32);
        String name = "e/" + hex(Hkdf.hmac(nameKey, (path + "\n" + index + "\n" + segId).getBytes(StandardCharsets.UTF_8))).substring(0, 40);
        String context = SealedSegment.context(project.value(), path, index, segId);
        puts.put(name, Ciphertext.segment(dk, keyId, context, content, start, total - start));
        segs.add(new CipherIndex.Segment(name, segId, total - start));
        return new CipherIndex.FileEntry(total, fullHex, segs);
    }

    private static MessageDigest clone(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        raw.close();
    }
}
