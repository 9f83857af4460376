package dev.convergence.api.scan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;

/**
 * Finds many ASCII keywords at once, case-insensitively, in one pass over a text (an
 * Aho-Corasick automaton compiled to a table). It is the cheap prefilter in front of every
 * secret rule: a string in which no keyword occurs is never given to a regex.
 *
 * <p>Immutable and thread-safe. Characters outside ASCII never take part in a keyword.
 */
public final class KeywordIndex {

    /** Receives each keyword occurrence: the keyword's index in the constructor list and where it ends (exclusive). */
    @FunctionalInterface
    public interface HitConsumer {
        /** @return {@code false} to stop the search */
        boolean hit(int keyword, int end);
    }

    private static final int ALPHABET = 128;

    private final List<String> keywords;
    private final int[] delta;
    /** For each state, the keywords that end there (including through failure links), or null. */
    private final int[][] outputs;

    /** @param keywords non-empty ASCII keywords; compared in lower case */
    public KeywordIndex(List<String> keywords) {
        this.keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        List<int[]> gotos = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        gotos.add(newRow());
        out.add(new ArrayList<>());
        for (int k = 0; k < this.keywords.size(); k++) {
            String word = this.keywords.get(k);
            if (word.isEmpty() || !word.chars().allMatch(c -> c < ALPHABET)) {
                throw new IllegalArgumentException("keyword must be non-empty ASCII: '" + word + "'");
            }
            int state = 0;
            for (int i = 0; i < word.length(); i++) {
                int c = word.charAt(i);
                if (gotos.get(state)[c] < 0) {
                    gotos.get(state)[c] = gotos.size();
                    gotos.add(newRow());
                    out.add(new ArrayList<>());
                }
                state = gotos.get(state)[c];
            }
            out.get(state).add(k);
        }
        int states = gotos.size();
        int[] fail = new int[states];
        delta = new int[states * ALPHABET];
        Queue<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < ALPHABET; c++) {
            int next = gotos.get(0)[c];
            delta[c] = Math.max(next, 0);
            if (next > 0) {
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.remove();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < ALPHABET; c++) {
                int next = gotos.get(s)[c];
                if (next > 0) {
                    fail[next] = delta[fail[s] * ALPHABET + c];
                    delta[s * ALPHABET + c] = next;
                    queue.add(next);
                } else {
                    delta[s * ALPHABET + c] = delta[fail[s] * ALPHABET + c];
                }
            }
        }
        outputs = new int[states][];
        for (int s = 0; s < states; s++) {
            List<Integer> o = out.get(s);
            outputs[s] = o.isEmpty() ? null : o.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
        // upper-case columns take the transitions of their lower-case letters, and a transition into a
        // state where keywords end is stored negated, so the search loop does one table load per character
        for (int s = 0; s < states; s++) {
            for (int c = 'A'; c <= 'Z'; c++) {
                delta[s * ALPHABET + c] = delta[s * ALPHABET + c + 32];
            }
        }
        for (int i = 0; i < delta.length; i++) {
            if (outputs[delta[i]] != null) {
                delta[i] = ~delta[i];
            }
        }
    }

    private static int[] newRow() {
        int[] row = new int[ALPHABET];
        Arrays.fill(row, -1);
        return row;
    }

    /** The keywords, lower-cased, in constructor order. */
    public List<String> keywords() {
        return keywords;
    }

    /** Reports every occurrence of every keyword in {@code text[from, to)}, in order of end position. */
    public void search(char[] text, int from, int to, HitConsumer consumer) {
        int state = 0;
        int[] d = delta;
        for (int i = from; i < to; i++) {
            char c = text[i];
            state = c < ALPHABET ? d[(state << 7) | c] : 0;
            if (state < 0) {
                state = ~state;
                for (int k : outputs[state]) {
                    if (!consumer.hit(k, i + 1)) {
                        return;
                    }
                }
            }
        }
    }

    /** Reports every occurrence of every keyword in {@code text}, in order of end position. */
    public void search(CharSequence text, HitConsumer consumer) {
        int state = 0;
        int[] d = delta;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            state = c < ALPHABET ? d[(state << 7) | c] : 0;
            if (state < 0) {
                state = ~state;
                for (int k : outputs[state]) {
                    if (!consumer.hit(k, i + 1)) {
                        return;
                    }
                }
            }
        }
    }

    /** Whether any keyword occurs in {@code text[from, to)}. */
    public boolean containsAny(char[] text, int from, int to) {
        int state = 0;
        int[] d = delta;
        for (int i = from; i < to; i++) {
            char c = text[i];
            state = c < ALPHABET ? d[(state << 7) | c] : 0;
            if (state < 0) {
                return true;
            }
        }
        return false;
    }
}
