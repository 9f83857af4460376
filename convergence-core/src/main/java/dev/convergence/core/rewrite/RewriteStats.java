package dev.convergence.core.rewrite;

import java.util.List;
import java.util.Map;

/** TEMPORARY stand-in until the engine branch lands. */
public record RewriteStats(long lines, long bytesIn, long bytesOut, long changedLines, long unparsableLines,
                           long invalidUtf8Lines, Map<String, Long> hitsPerTier, List<String> roundTripProblems) {
}
