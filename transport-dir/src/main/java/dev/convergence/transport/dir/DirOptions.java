package dev.convergence.transport.dir;

import dev.convergence.api.ConfigException;
import java.time.Duration;
import java.util.Map;

/**
 * Tuning of the directory transport, from {@code TransportContext.options()}.
 *
 * @param keepGenerations  generations always kept (option {@code dir.keep-generations}, default 10)
 * @param readerGrace      how long a superseded generation stays readable (option
 *                         {@code dir.reader-grace-seconds}, default 600): a reader must finish
 *                         streaming a snapshot within this time after a newer one is published
 * @param lockStaleAfter   a lock file older than this is taken over (option
 *                         {@code dir.lock-stale-seconds}, default 120); writers hold it only
 *                         while committing a manifest, never while copying content
 * @param lockTimeout      how long a writer waits for the lock (option {@code dir.lock-timeout-seconds}, default 60)
 */
record DirOptions(int keepGenerations, Duration readerGrace, Duration lockStaleAfter, Duration lockTimeout) {

    static final DirOptions DEFAULTS = new DirOptions(10, Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofMinutes(1));

    DirOptions {
        if (keepGenerations < 1) {
            throw new ConfigException("dir.keep-generations must be at least 1", "set it to 1 or more");
        }
    }

    static DirOptions from(Map<String, String> options) {
        return new DirOptions(
                (int) number(options, "dir.keep-generations", DEFAULTS.keepGenerations),
                Duration.ofSeconds(number(options, "dir.reader-grace-seconds", DEFAULTS.readerGrace.toSeconds())),
                Duration.ofSeconds(number(options, "dir.lock-stale-seconds", DEFAULTS.lockStaleAfter.toSeconds())),
                Duration.ofSeconds(number(options, "dir.lock-timeout-seconds", DEFAULTS.lockTimeout.toSeconds())));
    }

    private static long number(Map<String, String> options, String key, long fallback) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException("option " + key + "='" + text + "' is not a non-negative whole number",
                    "fix or remove the option " + key);
        }
    }
}
