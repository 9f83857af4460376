package dev.convergence.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Wrapping a 32-byte data key: for a machine's X25519 public key (ephemeral-static ECDH, HKDF,
 * AES-256-GCM, bound to project, key id and machine id), or under a passphrase (Argon2id, then
 * AES-256-GCM).
 */
final class KeyWrap {

    /** A key wrapped for one machine: the ephemeral public key and the sealed data key. */
    record ForMachine(byte[] ephemeral, byte[] sealed) {
    }

    /** Argon2id parameters and the sealed data key. */
    record ForPassphrase(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] sealed) {
    }

    static final int MEMORY_KIB = 64 * 1024;
    static final int ITERATIONS = 3;

    private KeyWrap() {
    }

    static ForMachine wrap(byte[] dataKey, PublicKey recipient, String context) {
        try {
            KeyPair eph = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            byte[] kek = kek(MachineKey.agree(eph.getPrivate(), recipient), eph.getPublic().getEncoded(), recipient.getEncoded(), context);
            return new ForMachine(eph.getPublic().getEncoded(), Aead.seal(kek, dataKey, aad(context)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    /** The data key, or {@code null} when the wrap is not for this machine's key (or was altered). */
    static byte[] unwrap(ForMachine w, MachineKey me, String context) {
        PublicKey eph;
        try {
            eph = MachineKey.decodePublic(java.util.Base64.getEncoder().encodeToString(w.ephemeral()));
        } catch (RuntimeException e) {
            return null;
        }
        byte[] kek = kek(MachineKey.agree(me.privateKey(), eph), w.ephemeral(), me.publicKey().getEncoded(), context);
        return Aead.open(kek, w.sealed(), aad(context));
    }

    static ForPassphrase wrap(byte[] dataKey, char[] passphrase, String context) {
        byte[] salt = Aead.random(16);
        byte[] kek = argon2(passphrase, salt, MEMORY_KIB, ITERATIONS, 1);
        return new ForPassphrase(MEMORY_KIB, ITERATIONS, 1, salt, Aead.seal(kek, dataKey, aad(context)));
    }

    /** The key-encryption key a passphrase gives for these parameters (slow by design). */
    static byte[] passphraseKek(ForPassphrase w, char[] passphrase) {
        if (w.memoryKib() > 4 * 1024 * 1024 || w.iterations() > 64 || w.parallelism() > 16) {
            throw new dev.convergence.api.GuardRefusedException("keys.json asks for Argon2 parameters beyond sane limits",
                    "the cluster's keys.json may have been tampered with");
        }
        return argon2(passphrase, w.salt(), w.memoryKib(), w.iterations(), w.parallelism());
    }

    static byte[] unwrap(ForPassphrase w, byte[] kek, String context) {
        return Aead.open(kek, w.sealed(), aad(context));
    }

    private static byte[] kek(byte[] shared, byte[] ephemeral, byte[] recipient, String context) {
        byte[] salt = Arrays.copyOf(ephemeral, ephemeral.length + recipient.length);
        System.arraycopy(recipient, 0, salt, ephemeral.length, recipient.length);
        return Hkdf.derive(shared, salt, "convergence wrap v1|" + context, 32);
    }

    private static byte[] aad(String context) {
        return ("convergence key v1|" + context).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] argon2(char[] passphrase, byte[] salt, int memoryKib, int iterations, int parallelism) {
        Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism).build();
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(p);
        byte[] out = new byte[32];
        g.generateBytes(passphrase, out);
        return out;
    }
}
