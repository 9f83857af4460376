package dev.convergence.core.doctor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Doctor} found in a context dir. Nothing was written to produce it.
 *
 * @param contextDir         the context dir examined
 * @param files              files scanned
 * @param lines              lines scanned (JSONL lines; 1 per other file)
 * @param bytes              bytes scanned
 * @param inferredRoot       the root learned from {@code cwd} fields, if any
 * @param rootUsed           the root the check ran with ({@code --root} or the inferred one), if any
 * @param cwds               each distinct {@code cwd} seen and how often
 * @param hitsPerTier        replacements canonicalize would make, per sentinel name
 * @param unparsableLines    lines that are not JSON (they pass through verbatim)
 * @param invalidUtf8Lines   lines or files that are not valid UTF-8 (they pass through verbatim)
 * @param roundTripFailures  files that would not round-trip, with the reasons
 * @param leftoverCount      absolute paths of the root or home still present in canonical output
 * @param leftoverExamples   a few of them, as {@code file:line: what path}
 * @param leftoversInHalfWrittenLines root/home paths in last lines still being written (not counted above;
 *                           such a line passes through verbatim until it is complete)
 */
public record DoctorReport(String contextDir, long files, long lines, long bytes, Optional<String> inferredRoot,
                           Optional<String> rootUsed, Map<String, Long> cwds, Map<String, Long> hitsPerTier,
                           long unparsableLines, long invalidUtf8Lines, Map<String, List<String>> roundTripFailures,
                           long leftoverCount, List<String> leftoverExamples,
                           long leftoversInHalfWrittenLines) {

    public DoctorReport {
        cwds = Map.copyOf(cwds);
        hitsPerTier = Map.copyOf(hitsPerTier);
        roundTripFailures = Map.copyOf(roundTripFailures);
        leftoverExamples = List.copyOf(leftoverExamples);
    }

    /** Safe to sync: the root is known, every file round-trips, and no root or home path is left behind. */
    public boolean safe() {
        return rootUsed.isPresent() && roundTripFailures.isEmpty() && leftoverCount == 0;
    }
}
