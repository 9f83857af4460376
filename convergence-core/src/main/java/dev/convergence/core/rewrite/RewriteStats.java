package dev.convergence.core.rewrite;

import java.util.List;
import java.util.Map;

/**
 * What one rewrite (of a file or a directory) did.
 *
 * @param files              files processed
 * @param lines              lines read (JSONL lines; 1 per JSON or text file)
 * @param bytesIn            bytes read
 * @param bytesOut           bytes written
 * @param changedLines       lines (or whole texts) whose bytes changed
 * @param unparsableLines    non-empty JSONL lines (or JSON files) that are not JSON, passed through verbatim
 * @param invalidUtf8Lines   lines, JSON or text files that are not valid UTF-8, passed through verbatim
 * @param hitsPerTier        replacements per sentinel name (e.g. {@code CC_PROJECT_ROOT → 12})
 * @param roundTripProblems  why content would not round-trip, each naming the line (at most ~10 per file)
 */
public record RewriteStats(long files, long lines, long bytesIn, long bytesOut, long changedLines,
                           long unparsableLines, long invalidUtf8Lines, Map<String, Long> hitsPerTier,
                           List<String> roundTripProblems) {

    public RewriteStats {
        hitsPerTier = Map.copyOf(hitsPerTier);
        roundTripProblems = List.copyOf(roundTripProblems);
    }

    /** Whether every checked line round-trips. */
    public boolean roundTrips() {
        return roundTripProblems.isEmpty();
    }

    /** Total replacements over all tiers. */
    public long totalHits() {
        return hitsPerTier.values().stream().mapToLong(Long::longValue).sum();
    }
}
