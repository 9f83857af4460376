package dev.convergence.scanners;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The rule pack that ships with Convergence ({@code builtin}), read from the
 * {@code builtin-rules.conf} resource of this module. Loaded by {@link java.util.ServiceLoader}.
 */
public final class BuiltinSecretScanner extends RuleScanner {

    /** The resource that holds the built-in rules. */
    public static final String RULES = "builtin-rules.conf";

    public BuiltinSecretScanner() {
        super("builtin", RuleFile.parse(open(), RULES));
    }

    private static InputStream open() {
        InputStream in = BuiltinSecretScanner.class.getResourceAsStream(RULES);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing resource " + RULES));
        }
        return in;
    }
}
