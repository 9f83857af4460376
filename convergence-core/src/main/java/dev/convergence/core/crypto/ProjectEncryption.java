package dev.convergence.core.crypto;

import dev.convergence.api.BadInputException;
import dev.convergence.api.NotFoundException;
import dev.convergence.api.Participant;
import dev.convergence.api.ProjectId;
import dev.convergence.api.Roster;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.core.json.Json;
import dev.convergence.core.json.JsonObject;
import dev.convergence.core.roster.RosterCodec;
import dev.convergence.core.sync.Rosters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The encryption commands on one project: enable, rotate, revoke, status, key export and import. */
public final class ProjectEncryption {

    private static final String TOKEN_PREFIX = "cvgkey1:";

    private final EncryptingTransport transport;
    private final ProjectId project;

    public ProjectEncryption(EncryptingTransport transport, ProjectId project) {
        this.transport = transport;
        this.project = project;
    }

    /** What {@code encrypt status}, {@code status} and {@code doctor} report. */
    public record Status(boolean encrypted, String currentKey, long generation, Map<String, List<String>> holders,
                         List<String> passphraseKeys, List<String> machines) {
    }

    public Status status() {
        Snapshot s = transport.raw().read(project);
        if (s.isAbsent()) {
            throw new NotFoundException("project " + project + " is not in the cluster " + transport.uri(), "check the remote");
        }
        if (!s.entries().containsKey(EncryptingTransport.KEYS)) {
            return new Status(false, "", -1, Map.of(), List.of(), List.of());
        }
        EncryptingTransport.View v = transport.view(project);
        KeyRing ring = v.keys().ring();
        Map<String, List<String>> holders = new TreeMap<>();
        List<String> pass = new ArrayList<>();
        for (KeyRing.Entry e : ring.keys) {
            holders.put(e.id, new ArrayList<>(e.machines.keySet()));
            if (e.passphrase != null) {
                pass.add(e.id);
            }
        }
        return new Status(true, v.index().currentKey, v.index().generation, holders, pass, new ArrayList<>(v.index().machines.keySet()));
    }

    /**
     * What {@link #enable} did.
     *
     * @param files           how many files were re-uploaded, encrypted
     * @param historyReplaced whether the store dropped the cleartext snapshots
     *                        ({@link dev.convergence.api.transport.Transport#replacesHistory()})
     */
    public record Enabled(int files, boolean historyReplaced) {
    }

    /**
     * Encrypts a cleartext project in place: every file is re-uploaded once, encrypted, as a
     * snapshot that replaces the project's history where the store can do that.
     */
    public Enabled enable() {
        Snapshot s = transport.raw().read(project);
        if (s.isAbsent()) {
            throw new NotFoundException("project " + project + " is not in the cluster " + transport.uri(), "check the remote");
        }
        if (s.entries().containsKey(EncryptingTransport.KEYS)) {
            throw new BadInputException("project " + project + " is already encrypted", "see 'convergence encrypt status'");
        }
        Map<String, Content> puts = new HashMap<>();
        for (SnapshotEntry e : s.entries().values()) {
            if (e.path().equals("README.md")) {
                continue;
            }
            puts.put(e.path(), new Content() {
                @Override
                public long size() {
                    return e.size();
                }

                @Override
                public InputStream open() {
                    return transport.raw().open(s, e);
                }
            });
        }
        transport.encryptNext(project);
        transport.publish(project, s.token(), new Changeset(puts, Set.of(), "convergence: encrypt project"));
        return new Enabled(puts.size(), transport.raw().replacesHistory());
    }

    /** A new data key for new content, wrapped for the roster's machines minus {@code remove}; returns the new key id. */
    public String rotate(Set<String> remove) {
        Snapshot plain = transport.read(project);
        EncryptingTransport.View v = transport.view(project);
        if (v == null) {
            throw new BadInputException("project " + project + " is not encrypted", "turn it on with 'convergence encrypt enable'");
        }
        String me = transport.local().machineId();
        if (remove.contains(me)) {
            throw new BadInputException("this machine (" + me + ") cannot revoke itself", "run the revocation on another machine that keeps access");
        }
        Roster roster = Rosters.read(transport, plain).orElseThrow();
        Set<String> keep = new HashSet<>();
        for (Participant p : roster.participants()) {
            keep.add(p.machineId());
        }
        keep.retainAll(v.index().machines.keySet());
        keep.add(me);
        keep.removeAll(remove);
        KeyRing ring = KeyRing.parse(v.keys().ring().write(), project.value());
        int max = 0;
        boolean hadPassphrase = false;
        for (KeyRing.Entry e : ring.keys) {
            e.machines.keySet().retainAll(keep);
            max = Math.max(max, Integer.parseInt(e.id.substring(1)));
            hadPassphrase |= e.passphrase != null;
        }
        String id = "k" + (max + 1);
        byte[] key = Aead.random(32);
        KeyRing.Entry fresh = new KeyRing.Entry(id);
        for (String m : keep) {
            String pub = m.equals(me) ? transport.local().machineKey().publicBase64() : v.index().machines.get(m);
            fresh.machines.put(m, KeyWrap.wrap(key, MachineKey.decodePublic(pub), KeyRing.context(project.value(), id, m)));
        }
        if (hadPassphrase && transport.local().passphrase().isPresent()) {
            fresh.passphrase = KeyWrap.wrap(key, transport.local().passphrase().get().toCharArray(), KeyRing.context(project.value(), id, "passphrase"));
        }
        ring.keys.add(fresh);
        transport.rotateNext(project, new EncryptingTransport.Rotation(id, ring, keep));
        Map<String, Content> puts = new HashMap<>();
        Roster kept = new Roster(roster.projectId(), roster.canonicalSentinel(), roster.rewriteHome(),
                roster.participants().stream().filter(p -> !remove.contains(p.machineId())).toList(), roster.extra());
        if (!kept.equals(roster)) {
            puts.put(RosterCodec.FILE, Content.of(RosterCodec.write(kept)));
        }
        transport.publish(project, plain.token(), new Changeset(puts, Set.of(), "convergence: rotate key"));
        return id;
    }

    /** A token carrying this project's data keys, wrapped for another machine's public key. */
    public String export(MachineKey.Public to) {
        EncryptingTransport.View v = transport.view(project);
        if (v == null) {
            throw new BadInputException("project " + project + " is not encrypted", "there is no key to export");
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        v.keys().available().forEach((id, k) -> {
            KeyWrap.ForMachine w = KeyWrap.wrap(k, to.key(), KeyRing.context(project.value(), id, to.machineId()));
            keys.put(id, Map.of("epk", KeyRing.b64(w.ephemeral()), "ct", KeyRing.b64(w.sealed())));
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("project_id", project.value());
        m.put("for", to.machineId());
        m.put("keys", keys);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.writeCompact(m).getBytes(StandardCharsets.UTF_8));
    }

    /** Stores the keys of an exported token on this machine; returns the project they open. */
    public static ProjectId importToken(LocalKeys local, String token) {
        String t = token.strip();
        JsonObject o;
        try {
            if (!t.startsWith(TOKEN_PREFIX)) {
                throw new IllegalArgumentException("no " + TOKEN_PREFIX + " prefix");
            }
            o = new JsonObject(Json.parseObject(new String(Base64.getUrlDecoder().decode(t.substring(TOKEN_PREFIX.length())),
                    StandardCharsets.UTF_8)), "key token");
        } catch (Json.JsonSyntaxException | RuntimeException e) {
            throw new BadInputException("not a Convergence key token: " + e.getMessage(), "copy the whole cvgkey1:… line that 'key export' printed");
        }
        ProjectId project = ProjectId.of(o.requireString("project_id"));
        String forMachine = o.requireString("for");
        if (!forMachine.equals(local.machineId())) {
            throw new BadInputException("this key token was made for machine " + forMachine + ", not this one (" + local.machineId() + ")",
                    "export it again with this machine's 'convergence key show' line");
        }
        MachineKey mk = local.machineKey();
        LocalKeys.Record rec = local.load(project);
        JsonObject keys = o.object("keys").orElseThrow();
        for (String id : keys.map().keySet()) {
            JsonObject w = keys.object(id).orElseThrow();
            KeyWrap.ForMachine fm = new KeyWrap.ForMachine(KeyRing.unb64(w.requireString("epk")), KeyRing.unb64(w.requireString("ct")));
            if (KeyWrap.unwrap(fm, mk, KeyRing.context(project.value(), id, local.machineId())) == null) {
                throw new BadInputException("the key token does not open with this machine's key (" + MachineKey.fingerprint(mk.publicKey()) + ")",
                        "export it again for the key 'convergence key show' prints here now");
            }
            rec.imported.put(id, fm);
        }
        local.save(project, rec);
        return project;
    }

    static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
