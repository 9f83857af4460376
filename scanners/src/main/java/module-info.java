/** Built-in secret scanners for Claude Code transcripts. */
module dev.convergence.scanners {
    requires dev.convergence.api;
}
