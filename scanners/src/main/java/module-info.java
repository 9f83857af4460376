/**
 * Built-in secret scanners for Claude Code transcripts: rules as data (a rule file, see
 * {@code docs/scanning.md}) plus the code-backed checks a regex cannot do.
 */
module dev.convergence.scanners {
    requires dev.convergence.api;

    exports dev.convergence.scanners;

    provides dev.convergence.api.scan.SecretScanner with dev.convergence.scanners.BuiltinSecretScanner;
}
