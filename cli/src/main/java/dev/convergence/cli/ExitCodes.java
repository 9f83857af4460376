package dev.convergence.cli;

import dev.convergence.api.ConvergenceException;

/** The documented exit codes (docs/exit-codes.md); one exhaustive switch over the failure kinds. */
final class ExitCodes {

    static final int OK = 0;
    /** The command ran but found a problem it reports (doctor: not safe; scan: findings; some files skipped). */
    static final int PROBLEMS = 1;
    /** Bad input or usage (picocli's own usage errors use 2 as well). */
    static final int BAD_INPUT = 2;
    static final int NOT_FOUND = 3;
    static final int CONFIG = 4;
    static final int TRANSPORT = 5;
    static final int AUTHENTICATION = 6;
    static final int STALE = 7;
    static final int GUARD_REFUSED = 8;
    static final int LOCK_HELD = 9;
    /** The project is encrypted and this machine holds no key for it (or the passphrase is wrong). */
    static final int KEY_REQUIRED = 10;
    /** Reading or writing a local file failed: disk full, permission denied, a read-only file system. */
    static final int IO = 12;
    /** A bug: an unexpected exception. */
    static final int INTERNAL = 70;

    private ExitCodes() {
    }

    static int of(ConvergenceException e) {
        return switch (e.kind()) {
            case BAD_INPUT -> BAD_INPUT;
            case NOT_FOUND -> NOT_FOUND;
            case CONFIG -> CONFIG;
            case TRANSPORT -> TRANSPORT;
            case AUTHENTICATION -> AUTHENTICATION;
            case STALE -> STALE;
            case GUARD_REFUSED -> GUARD_REFUSED;
            case LOCK_HELD -> LOCK_HELD;
            case KEY_REQUIRED -> KEY_REQUIRED;
        };
    }
}
