package dev.convergence.scanners.internal;

import java.util.Map;
import java.util.Optional;

/** The code-backed checks and detectors a rule file may name with {@code validate =} and {@code detector =}. */
public final class CodeChecks {

    private static final Map<String, SecretValidator> VALIDATORS = Map.of(
            "crc32-base62", new Crc32Base62(),
            "jwt", new JwtShape(),
            "generic-value", new GenericValue());

    private static final Map<String, SpanDetector> DETECTORS = Map.of(
            "pem-private-key", new PemPrivateKey(),
            "aws-secret-near-key-id", new AwsSecretNearKeyId());

    private CodeChecks() {
    }

    public static Optional<SecretValidator> validator(String name) {
        return Optional.ofNullable(VALIDATORS.get(name));
    }

    public static Optional<SpanDetector> detector(String name) {
        return Optional.ofNullable(DETECTORS.get(name));
    }
}
