package dev.convergence.core.state;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault-injection hook for the crash-safety tests: with {@code CONVERGENCE_CRASH_AT=point} (or
 * {@code point:n} for the n-th time it is reached) in the environment, the process halts at
 * that point as abruptly as a {@code SIGKILL} (no shutdown hooks, no finally blocks). Without
 * the variable every call is a single null check.
 */
public final class CrashPoint {

    private static final String SPEC = System.getenv("CONVERGENCE_CRASH_AT");
    private static final AtomicInteger HITS = new AtomicInteger();

    private CrashPoint() {
    }

    public static void hit(String point) {
        if (SPEC == null) {
            return;
        }
        int colon = SPEC.lastIndexOf(':');
        String name = colon < 0 ? SPEC : SPEC.substring(0, colon);
        int nth = colon < 0 ? 1 : Integer.parseInt(SPEC.substring(colon + 1));
        if (name.equals(point) && HITS.incrementAndGet() == nth) {
            Runtime.getRuntime().halt(137);
        }
    }
}
