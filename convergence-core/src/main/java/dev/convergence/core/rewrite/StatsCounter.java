package dev.convergence.core.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutable tallies behind a {@link RewriteStats}. Not thread-safe. */
final class StatsCounter {

    static final int MAX_PROBLEMS = 10;

    long files;
    long lines;
    long bytesIn;
    long bytesOut;
    long changedLines;
    long unparsableLines;
    long invalidUtf8Lines;
    final List<String> problems = new ArrayList<>();
    private long omittedProblems;

    void problem(String reason) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(reason);
        } else {
            omittedProblems++;
        }
    }

    RewriteStats toStats(List<String> names, long[]... hitArrays) {
        Map<String, Long> hits = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            long sum = 0;
            for (long[] h : hitArrays) {
                sum += h[i];
            }
            hits.put(names.get(i), sum);
        }
        List<String> all = new ArrayList<>(problems);
        if (omittedProblems > 0) {
            all.add("… and " + omittedProblems + " more");
        }
        return new RewriteStats(files, lines, bytesIn, bytesOut, changedLines, unparsableLines, invalidUtf8Lines, hits, all);
    }
}
