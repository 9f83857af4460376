package dev.convergence.core.rewrite;

import java.util.Arrays;

/** A growable list of ints, reused across lines to avoid boxing and garbage. Not thread-safe. */
final class IntList {

    private int[] values = new int[64];
    private int size;

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int get(int i) {
        return values[i];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }
}
