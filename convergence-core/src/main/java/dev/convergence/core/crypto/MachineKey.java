package dev.convergence.core.crypto;

import dev.convergence.api.BadInputException;
import dev.convergence.api.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;

/**
 * This machine's X25519 key pair, in {@code $CONVERGENCE_HOME/keys/}: {@code machine.key}
 * (PKCS#8, base64, mode 600) and {@code machine.pub} (X.509, base64). Data keys are wrapped for
 * its public key; the private key never leaves the machine unless the user exports it.
 */
public final class MachineKey {

    private static final String PUBLIC_PREFIX = "cvgpub1:";

    private final String machineId;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private MachineKey(String machineId, PrivateKey privateKey, PublicKey publicKey) {
        this.machineId = machineId;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Loads the key pair, creating it (private file mode 600) when there is none yet. */
    public static MachineKey loadOrCreate(Path keysDir, String machineId) {
        Path priv = keysDir.resolve("machine.key");
        Path pub = keysDir.resolve("machine.pub");
        try {
            if (!Files.exists(priv)) {
                KeyPair kp = KeyPairGenerator.getInstance("X25519").generateKeyPair();
                Files.createDirectories(keysDir);
                writePrivate(priv, Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n");
                Files.writeString(pub, Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\n");
            }
            KeyFactory kf = KeyFactory.getInstance("X25519");
            PrivateKey p = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(priv).strip())));
            PublicKey q = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readString(pub).strip())));
            return new MachineKey(machineId, p, q);
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            throw new ConfigException("cannot read this machine's key pair in " + keysDir + ": " + e.getMessage(),
                    "restore machine.key and machine.pub, or move the folder aside to make new ones (then re-import project keys)");
        }
    }

    /** Whether a key pair exists (without creating one). */
    public static boolean exists(Path keysDir) {
        return Files.exists(keysDir.resolve("machine.key"));
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    public String machineId() {
        return machineId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as base64 X.509. */
    public String publicBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** What {@code convergence key show} prints and {@code key export --to} reads: {@code cvgpub1:<machine id>:<base64>}. */
    public String publicText() {
        return PUBLIC_PREFIX + machineId + ":" + publicBase64();
    }

    /** A short fingerprint of a public key. */
    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A machine's public key as published (machine id, key). */
    public record Public(String machineId, PublicKey key) {
    }

    public static Public parsePublic(String text) {
        String t = text.strip();
        int colon = t.indexOf(':', PUBLIC_PREFIX.length());
        if (!t.startsWith(PUBLIC_PREFIX) || colon < 0) {
            throw new BadInputException("not a Convergence public key: '" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "'",
                    "run 'convergence key show' on the other machine and pass the whole cvgpub1:… line");
        }
        return new Public(t.substring(PUBLIC_PREFIX.length(), colon), decodePublic(t.substring(colon + 1)));
    }

    static PublicKey decodePublic(String base64) {
        try {
            return KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BadInputException("malformed X25519 public key", "copy the whole key line again");
        }
    }

    static byte[] agree(PrivateKey mine, PublicKey theirs) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(mine);
            ka.doPhase(theirs, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    PrivateKey privateKey() {
        return privateKey;
    }
}
