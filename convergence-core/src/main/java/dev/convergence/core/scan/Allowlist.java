package dev.convergence.core.scan;

import dev.convergence.api.BadInputException;
import dev.convergence.api.ConfigException;
import dev.convergence.api.scan.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secrets a user has accepted in a project, keyed by rule id and the SHA-256 of the secret,
 * so an entry stays valid however the file around it grows. Stored as a line file
 * ({@code $CONVERGENCE_HOME/projects/<project-id>.allow}): one {@code <rule-id> <sha256>} per
 * line, {@code #} comments. Immutable; {@link #with} returns a new list.
 */
public final class Allowlist {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** One accepted secret. */
    public record Entry(String ruleId, String sha256) {
        public Entry {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(sha256, "sha256");
            if (!RULE_ID.matcher(ruleId).matches() || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("bad allowlist entry " + ruleId + " " + sha256);
            }
        }
    }

    private final Set<Entry> entries;

    private Allowlist(Set<Entry> entries) {
        this.entries = Collections.unmodifiableSet(new LinkedHashSet<>(entries));
    }

    public static Allowlist empty() {
        return new Allowlist(Set.of());
    }

    /** Reads an allow file; a missing file is an empty list. */
    public static Allowlist load(Path file) {
        if (!Files.exists(file)) {
            return empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read allow file " + file + ": " + e.getMessage(), "check the permissions", e);
        }
        Set<Entry> entries = new LinkedHashSet<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            try {
                entries.add(new Entry(parts[0], parts.length > 1 ? parts[1] : ""));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("allow file " + file + " line " + (n + 1) + " is not '<rule-id> <sha256>'",
                        "fix or delete that line");
            }
        }
        return new Allowlist(entries);
    }

    /** Writes the list atomically (write a temporary file, then rename). */
    public void save(Path file) {
        StringBuilder text = new StringBuilder("# Secrets accepted by 'convergence scan --allow': <rule-id> <sha256 of the secret>\n");
        for (Entry e : entries) {
            text.append(e.ruleId()).append(' ').append(e.sha256()).append('\n');
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot write allow file " + file + ": " + e.getMessage(), "check the permissions", e);
        }
    }

    public Set<Entry> entries() {
        return entries;
    }

    /** This list plus the secret of {@code finding}. */
    public Allowlist with(Finding finding) {
        Set<Entry> more = new LinkedHashSet<>(entries);
        more.add(new Entry(finding.ruleId(), finding.secretSha256()));
        return new Allowlist(more);
    }

    public boolean allows(Finding finding) {
        return entries.contains(new Entry(finding.ruleId(), finding.secretSha256()));
    }

    /** The findings this list does not allow, in order. */
    public List<Finding> remaining(List<Finding> findings) {
        List<Finding> left = new ArrayList<>();
        for (Finding f : findings) {
            if (!allows(f)) {
                left.add(f);
            }
        }
        return left;
    }

    /** The finding whose {@link Finding#id()} is {@code id}, if any. */
    public static Optional<Finding> byId(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).findFirst();
    }
}
