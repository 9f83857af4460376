package dev.convergence.core.sync;

import dev.convergence.api.scan.Finding;
import dev.convergence.core.scan.Allowlist;
import dev.convergence.core.scan.SecretHit;
import dev.convergence.core.scan.TranscriptScanner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a push does about secrets in the lines it sends: nothing, warn, or refuse ({@link Mode}),
 * and whether the cluster gets them redacted. Only lines this push canonicalizes are scanned
 * (lines that came from the cluster were scanned when they were first pushed), so the cost
 * follows what changed. Local files are never modified.
 */
public final class SecretPolicy {

    /** How findings are treated. */
    public enum Mode {
        OFF, WARN, STRICT;

        public static Mode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new dev.convergence.api.BadInputException("unknown secret-scanning mode '" + text + "'", "use off, warn or strict");
            }
        }
    }

    private static final SecretPolicy NONE = new SecretPolicy(Mode.OFF, false, (TranscriptScanner) null, Allowlist.empty());

    private final Mode mode;
    private final boolean redact;
    /** Builds the scanner (the rule pack's keyword index) the first time a line is scanned. */
    private final java.util.function.Supplier<TranscriptScanner> scannerFactory;
    private volatile TranscriptScanner scanner;
    private final Allowlist allowlist;
    private final List<Finding> findings = new ArrayList<>();

    public SecretPolicy(Mode mode, boolean redact, TranscriptScanner scanner, Allowlist allowlist) {
        this(mode, redact, () -> scanner, allowlist);
    }

    private SecretPolicy(Mode mode, boolean redact, java.util.function.Supplier<TranscriptScanner> scannerFactory, Allowlist allowlist) {
        this.mode = mode;
        this.redact = redact;
        this.scannerFactory = scannerFactory;
        this.allowlist = allowlist;
    }

    public static SecretPolicy none() {
        return NONE;
    }

    /** Where a project's allow file lives: {@code $CONVERGENCE_HOME/projects/<id>.allow}. */
    public static java.nio.file.Path allowFile(java.nio.file.Path convergenceHome, dev.convergence.api.ProjectId id) {
        return convergenceHome.resolve("projects").resolve(id.value() + ".allow");
    }

    /**
     * The policy for a push of {@code state}: the project's defaults, raised by the command's flags
     * ({@code mode} when given, {@code redact} when true). Scanners are only built when needed.
     */
    public static SecretPolicy forProject(dev.convergence.core.state.ProjectState state, java.nio.file.Path convergenceHome,
                                          java.util.function.Supplier<List<dev.convergence.api.scan.SecretScanner>> scanners,
                                          java.util.Optional<Mode> mode, boolean redact) {
        Mode m = mode.orElse(Mode.parse(state.scanSecrets()));
        boolean r = redact || state.redact();
        if (m == Mode.OFF && !r) {
            return NONE;
        }
        return new SecretPolicy(m, r, () -> new TranscriptScanner(scanners.get()), Allowlist.load(allowFile(convergenceHome, state.id())));
    }

    private TranscriptScanner scanner() {
        TranscriptScanner s = scanner;
        if (s == null) {
            synchronized (this) {
                s = scanner;
                if (s == null) {
                    s = scannerFactory.get();
                    scanner = s;
                }
            }
        }
        return s;
    }

    public boolean active() {
        return mode != Mode.OFF || redact;
    }

    public Mode mode() {
        return mode;
    }

    public boolean redact() {
        return redact;
    }

    /** The findings of this push that the allowlist does not accept. */
    public List<Finding> findings() {
        return findings;
    }

    /** What a push with this policy would send for a canonical line, without recording findings. */
    byte[] redactedForMatching(byte[] canonical) {
        return redact ? scanner().redactor().redactLine(canonical) : canonical;
    }

    /** A canonical transcript line (no terminator) as it should be sent; records its findings. */
    byte[] jsonLine(String rel, long lineNo, byte[] canonical) {
        if (!active()) {
            return canonical;
        }
        List<SecretHit> hits = scanner().scanJsonLine(canonical);
        if (hits.isEmpty()) {
            return canonical;
        }
        record(rel, lineNo, hits);
        return redact ? scanner().redactor().redactLine(canonical) : canonical;
    }

    /** A canonical text line (memory file) as it should be sent. */
    byte[] textLine(String rel, long lineNo, byte[] canonical) {
        if (!active()) {
            return canonical;
        }
        String text = new String(canonical, StandardCharsets.UTF_8);
        List<SecretHit> hits = scanner().scanText(text);
        if (hits.isEmpty()) {
            return canonical;
        }
        record(rel, lineNo, hits);
        return redact ? scanner().redactor().redactText(text).getBytes(StandardCharsets.UTF_8) : canonical;
    }

    private void record(String rel, long lineNo, List<SecretHit> hits) {
        if (mode == Mode.OFF) {
            return;
        }
        for (SecretHit h : hits) {
            Finding f = TranscriptScanner.finding(rel, lineNo, h);
            if (!allowlist.allows(f)) {
                synchronized (findings) {
                    findings.add(f);
                }
            }
        }
    }
}
