package dev.convergence.core.sync;

import dev.convergence.api.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/** What one push, pull or sync did (or, with --dry-run, would do). Mutable while the sync runs. */
public final class SyncReport {

    private final boolean dryRun;
    private final List<String> pushed = new ArrayList<>();
    private final List<String> pulled = new ArrayList<>();
    private final List<String> conflicts = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<dev.convergence.api.scan.Finding> findings = new ArrayList<>();
    private boolean published;
    private int retries;
    private String token = "";

    public SyncReport(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public List<String> pushed() {
        return pushed;
    }

    public List<String> pulled() {
        return pulled;
    }

    public List<String> conflicts() {
        return conflicts;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Secrets found in what this push sent (or would send), not accepted by the allowlist. */
    public List<dev.convergence.api.scan.Finding> findings() {
        return findings;
    }

    public boolean published() {
        return published;
    }

    void published(String newToken) {
        this.published = true;
        this.token = newToken;
    }

    public int retries() {
        return retries;
    }

    void retried() {
        retries++;
    }

    public String token() {
        return token;
    }

    /** Whether any file was refused or skipped with an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }
}
