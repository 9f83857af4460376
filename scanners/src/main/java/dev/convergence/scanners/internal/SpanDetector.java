package dev.convergence.scanners.internal;

/** Finds a secret in code where a regex is not enough, starting from a keyword occurrence. Thread-safe. */
@FunctionalInterface
public interface SpanDetector {

    /** Receives a secret's span {@code [start, end)}. */
    @FunctionalInterface
    interface Sink {
        void accept(int start, int end);
    }

    /**
     * Looks for a secret around the keyword that starts at {@code keywordStart} in {@code text}.
     *
     * @param maxLength how far the rule allows the detector to look
     */
    void detect(String text, int keywordStart, int maxLength, Sink sink);
}
