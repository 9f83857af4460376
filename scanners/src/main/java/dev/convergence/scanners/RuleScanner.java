package dev.convergence.scanners;

import dev.convergence.api.scan.KeywordIndex;
import dev.convergence.api.scan.SecretMatch;
import dev.convergence.api.scan.SecretScanner;
import dev.convergence.scanners.internal.CodeChecks;
import dev.convergence.scanners.internal.Entropy;
import dev.convergence.scanners.internal.SecretValidator;
import dev.convergence.scanners.internal.SpanDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * A {@link SecretScanner} driven by a list of {@link Rule}s (usually a rule file). One
 * {@link KeywordIndex} pass finds every keyword; each rule's regex then runs only in a window
 * around its own keywords, so text without keywords costs one table lookup per character and a
 * long text with one keyword costs one short regex run. When candidates of two rules overlap,
 * the rule listed first wins, so specific rules go before generic ones.
 *
 * <p>Immutable and thread-safe.
 */
public class RuleScanner implements SecretScanner {

    /** How far before a keyword a match may start (a variable name before {@code password}, a scheme before {@code ://}). */
    private static final int LOOK_BEHIND = 128;

    private final String id;
    private final List<Rule> rules;
    private final KeywordIndex index;
    /** For each keyword of {@link #index}: the indexes of the rules that use it. */
    private final int[][] rulesOfKeyword;
    private final int[] keywordLength;
    private final SecretValidator[] validators;
    private final SpanDetector[] detectors;

    public RuleScanner(String id, List<Rule> rules) {
        this.id = id;
        this.rules = List.copyOf(rules);
        Map<String, List<Integer>> byKeyword = new HashMap<>();
        Set<String> keywords = new LinkedHashSet<>();
        validators = new SecretValidator[this.rules.size()];
        detectors = new SpanDetector[this.rules.size()];
        for (int r = 0; r < this.rules.size(); r++) {
            Rule rule = this.rules.get(r);
            for (String k : rule.keywords()) {
                keywords.add(k);
                byKeyword.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
            if (rule.validator() != null) {
                validators[r] = CodeChecks.validator(rule.validator()).orElseThrow(
                        () -> new IllegalArgumentException("rule " + rule.id() + ": unknown validator " + rule.validator()));
            }
            if (rule.detector() != null) {
                detectors[r] = CodeChecks.detector(rule.detector()).orElseThrow(
                        () -> new IllegalArgumentException("rule " + rule.id() + ": unknown detector " + rule.detector()));
            }
        }
        List<String> keywordList = List.copyOf(keywords);
        index = new KeywordIndex(keywordList);
        rulesOfKeyword = new int[keywordList.size()][];
        keywordLength = new int[keywordList.size()];
        for (int k = 0; k < keywordList.size(); k++) {
            rulesOfKeyword[k] = byKeyword.get(keywordList.get(k)).stream().mapToInt(Integer::intValue).toArray();
            keywordLength[k] = keywordList.get(k).length();
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** The rules, in priority order. */
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public Set<String> keywords() {
        return Set.copyOf(index.keywords());
    }

    @Override
    public List<SecretMatch> scan(String text) {
        long[] hits = keywordHits(text);
        if (hits.length == 0) {
            return List.of();
        }
        Arrays.sort(hits);
        List<Candidate> candidates = new ArrayList<>();
        int i = 0;
        while (i < hits.length) {
            int rule = (int) (hits[i] >>> 32);
            int j = i;
            while (j < hits.length && (int) (hits[j] >>> 32) == rule) {
                j++;
            }
            runRule(rule, text, hits, i, j, candidates);
            i = j;
        }
        return resolveOverlaps(candidates);
    }

    /** Each keyword occurrence as {@code rule << 32 | keywordStart}. */
    private long[] keywordHits(String text) {
        long[][] buffer = {new long[8]};
        int[] size = {0};
        index.search(text, (k, end) -> {
            int start = end - keywordLength[k];
            for (int rule : rulesOfKeyword[k]) {
                if (size[0] == buffer[0].length) {
                    buffer[0] = Arrays.copyOf(buffer[0], size[0] * 2);
                }
                buffer[0][size[0]++] = ((long) rule << 32) | start;
            }
            return true;
        });
        return Arrays.copyOf(buffer[0], size[0]);
    }

    private void runRule(int r, String text, long[] hits, int from, int to, List<Candidate> out) {
        Rule rule = rules.get(r);
        if (detectors[r] != null) {
            for (int h = from; h < to; h++) {
                detectors[r].detect(text, (int) hits[h], rule.maxLength(), (s, e) -> accept(r, text, s, e, out));
            }
            return;
        }
        Matcher m = rule.pattern().matcher(text);
        m.useTransparentBounds(true).useAnchoringBounds(false);
        boolean named = rule.hasSecretGroup();
        if (rule.anchor() >= 0) {
            runAnchored(r, rule, m, named, text, hits, from, to, out);
            return;
        }
        int searchedTo = 0;
        int h = from;
        while (h < to) {
            int start = Math.max(searchedTo, Math.max(0, (int) hits[h] - LOOK_BEHIND));
            int end = (int) Math.min(text.length(), (long) (int) hits[h] + rule.maxLength());
            // merge windows of keywords that are close together
            while (h + 1 < to && (int) hits[h + 1] - LOOK_BEHIND <= end) {
                h++;
                end = (int) Math.min(text.length(), (long) (int) hits[h] + rule.maxLength());
            }
            h++;
            if (start >= end) {
                continue;
            }
            m.region(start, end);
            while (m.find()) {
                int s = named ? m.start("secret") : m.start();
                int e = named ? m.end("secret") : m.end();
                if (s >= 0 && e > s) {
                    accept(r, text, s, e, out);
                }
                if (m.end() == m.start()) {
                    break;
                }
            }
            searchedTo = end;
        }
    }

    /** Tries the regex only where a match may start: at each keyword occurrence, or up to {@code anchor} characters before it. */
    private void runAnchored(int r, Rule rule, Matcher m, boolean named, String text, long[] hits, int from, int to,
                             List<Candidate> out) {
        int matchedTo = -1;
        for (int h = from; h < to; h++) {
            int at = (int) hits[h];
            if (at < matchedTo) {
                continue;
            }
            int end = (int) Math.min(text.length(), (long) at + rule.maxLength());
            for (int start = at; start >= Math.max(0, at - rule.anchor()); start--) {
                m.region(start, end);
                if (m.lookingAt()) {
                    int s = named ? m.start("secret") : m.start();
                    int e = named ? m.end("secret") : m.end();
                    if (s >= 0 && e > s) {
                        accept(r, text, s, e, out);
                    }
                    matchedTo = m.end();
                    break;
                }
            }
        }
    }

    private void accept(int r, String text, int start, int end, List<Candidate> out) {
        Rule rule = rules.get(r);
        String secret = text.substring(start, end);
        if (rule.minEntropy() > 0 && Entropy.of(secret) < rule.minEntropy()) {
            return;
        }
        for (var allow : rule.allow()) {
            if (allow.matcher(secret).find()) {
                return;
            }
        }
        if (validators[r] != null && !validators[r].accepts(secret)) {
            return;
        }
        out.add(new Candidate(r, start, end));
    }

    private List<SecretMatch> resolveOverlaps(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        candidates.sort(Comparator.comparingInt((Candidate c) -> c.rule).thenComparingInt(c -> c.start));
        List<Candidate> kept = new ArrayList<>();
        // accepted spans by start; they never overlap, so only the neighbours of a new span can
        TreeMap<Integer, Integer> taken = new TreeMap<>();
        for (Candidate c : candidates) {
            Map.Entry<Integer, Integer> before = taken.floorEntry(c.start);
            Map.Entry<Integer, Integer> after = taken.ceilingEntry(c.start);
            boolean overlaps = before != null && before.getValue() > c.start || after != null && after.getKey() < c.end;
            if (!overlaps) {
                taken.put(c.start, c.end);
                kept.add(c);
            }
        }
        kept.sort(Comparator.comparingInt((Candidate c) -> c.start));
        List<SecretMatch> matches = new ArrayList<>(kept.size());
        for (Candidate c : kept) {
            Rule rule = rules.get(c.rule);
            matches.add(new SecretMatch(rule.id(), rule.description(), c.start, c.end));
        }
        return matches;
    }

    /** A secret's span and the index of the rule that found it. */
    private record Candidate(int rule, int start, int end) {
    }
}
