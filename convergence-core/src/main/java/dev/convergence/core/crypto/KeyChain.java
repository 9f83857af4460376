package dev.convergence.core.crypto;

import dev.convergence.api.KeyRequiredException;
import dev.convergence.api.ProjectId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data keys of one project that this machine can unwrap: from a wrap for its machine key in
 * {@code keys.json}, from a key it imported, or from the passphrase. Unwrapped keys stay in memory.
 */
final class KeyChain {

    private final ProjectId project;
    private final KeyRing ring;
    private final LocalKeys local;
    private final LocalKeys.Record record;
    private final Map<String, byte[]> passphraseKeks;
    private final Map<String, byte[]> keys = new HashMap<>();
    private boolean wrongPassphrase;

    KeyChain(ProjectId project, KeyRing ring, LocalKeys local, LocalKeys.Record record, Map<String, byte[]> passphraseKeks) {
        this.project = project;
        this.ring = ring;
        this.local = local;
        this.record = record;
        this.passphraseKeks = passphraseKeks;
    }

    KeyRing ring() {
        return ring;
    }

    /** The data key with this id, or a {@link KeyRequiredException} saying why there is none. */
    byte[] key(String id) {
        return find(id).orElseThrow(() -> missing(id));
    }

    Optional<byte[]> find(String id) {
        byte[] k = keys.get(id);
        if (k != null) {
            return Optional.of(k);
        }
        KeyRing.Entry e = ring.key(id).orElse(null);
        String me = local.machineId();
        if (e != null && e.machines.containsKey(me) && local.hasMachineKey()) {
            k = KeyWrap.unwrap(e.machines.get(me), local.machineKey(), KeyRing.context(project.value(), id, me));
        }
        if (k == null && record.imported.containsKey(id) && local.hasMachineKey()) {
            k = KeyWrap.unwrap(record.imported.get(id), local.machineKey(), KeyRing.context(project.value(), id, me));
        }
        if (k == null && e != null && e.passphrase != null && local.passphrase().isPresent()) {
            String salt = KeyRing.b64(e.passphrase.salt());
            byte[] kek = passphraseKeks.computeIfAbsent(salt, s -> KeyWrap.passphraseKek(e.passphrase, local.passphrase().get().toCharArray()));
            k = KeyWrap.unwrap(e.passphrase, kek, KeyRing.context(project.value(), id, "passphrase"));
            wrongPassphrase |= k == null;
        }
        if (k != null) {
            keys.put(id, k);
        }
        return Optional.ofNullable(k);
    }

    private KeyRequiredException missing(String id) {
        if (wrongPassphrase) {
            return new KeyRequiredException("wrong passphrase for the encrypted project " + project + " (key " + id + ")",
                    "give the passphrase the project was encrypted with (CONVERGENCE_PASSPHRASE or --passphrase-stdin)");
        }
        return new KeyRequiredException("project " + project + " is end-to-end encrypted and this machine (" + local.machineId()
                + ") holds no key for it (key " + id + ")",
                "run 'convergence key show' here, then on a machine with access 'convergence key export --to <that key>' and here "
                        + "'convergence key import <token>'; or give the project's passphrase (CONVERGENCE_PASSPHRASE or --passphrase-stdin)");
    }

    /** Ids of the keys this machine can open, among those in the ring. */
    Map<String, byte[]> available() {
        Map<String, byte[]> out = new HashMap<>();
        for (KeyRing.Entry e : ring.keys) {
            find(e.id).ifPresent(k -> out.put(e.id, k));
        }
        return out;
    }
}
