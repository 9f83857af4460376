package dev.convergence.core.rewrite;

import dev.convergence.api.BadInputException;
import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.api.rewrite.RewriteTier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The compiled anchors of one machine: sentinel names, anchors longest first, the first
 * characters that can start a match, and the byte needles of the line prefilter. Immutable.
 */
final class Anchors {

    private static final Pattern SENTINEL_NAME = Pattern.compile("[A-Z0-9_]+");

    private final List<String> names;
    private final boolean windows;
    /** Anchors canonicalize looks for, longest first. */
    private final List<Anchor> matchable;
    /** Anchor text per sentinel index (null when the tier does not apply here): what localize writes. */
    private final String[] expansions;
    private final boolean[] asciiStarts = new boolean[128];
    private final boolean nonAsciiStarts;
    private final int lookahead;
    private final ByteNeedles canonicalNeedles;
    private final ByteNeedles localNeedles;

    Anchors(MachineLayout layout, RewritePolicy policy, List<RewriteTier> tiers) {
        this.windows = layout.os().isWindows();
        List<String> ns = new ArrayList<>();
        List<Anchor> all = new ArrayList<>();
        this.expansions = new String[tiers.size()];
        for (RewriteTier tier : tiers) {
            String name = tier.sentinelName();
            if (!SENTINEL_NAME.matcher(name).matches() || name.endsWith("_LIT") || ns.contains(name)) {
                throw new BadInputException("rewrite tier '" + tier.id() + "' has an invalid or duplicate sentinel name '"
                        + name + "'", "sentinel names are upper-case letters, digits and _, unique, not ending in _LIT");
            }
            int index = ns.size();
            ns.add(name);
            Optional<String> anchor = tier.anchor(layout, policy);
            if (anchor.isPresent() && !anchor.get().isEmpty()) {
                expansions[index] = anchor.get();
                if (isDistinctive(anchor.get())) {
                    all.add(new Anchor(index, anchor.get(), windows));
                }
            }
        }
        this.names = List.copyOf(ns);
        // Longest first; ties keep tier order (stable sort).
        all.sort(Comparator.comparingInt((Anchor a) -> a.text().length()).reversed());
        this.matchable = List.copyOf(all);
        boolean nonAscii = false;
        int maxAnchor = 0;
        for (Anchor a : matchable) {
            maxAnchor = Math.max(maxAnchor, a.text().length());
            for (char c : startChars(a)) {
                if (c < 128) {
                    asciiStarts[c] = true;
                } else {
                    nonAscii = true;
                }
            }
        }
        asciiStarts['{'] = true;
        this.nonAsciiStarts = nonAscii;
        int maxName = names.stream().mapToInt(String::length).max().orElse(0);
        // Enough characters to decide a match at a position without seeing the end of the text:
        // an anchor plus two boundary characters, or "{{" NAME "_LIT" / "}}".
        this.lookahead = Math.max(maxAnchor + 2, maxName + 6) + 1;
        this.localNeedles = ByteNeedles.of(List.of(sentinelNeedle()));
        List<ByteNeedles.Needle> needles = new ArrayList<>();
        needles.add(sentinelNeedle());
        for (Anchor a : matchable) {
            needles.add(needleOf(a));
        }
        this.canonicalNeedles = ByteNeedles.of(needles);
    }

    /**
     * An anchor made only of punctuation ({@code /}, {@code -}) or a bare drive ({@code C:\})
     * cannot be told apart from ordinary text, so canonicalize never looks for it.
     */
    private boolean isDistinctive(String anchor) {
        int start = windows && anchor.length() >= 2 && anchor.charAt(1) == ':' ? 2 : 0;
        for (int i = start; i < anchor.length(); i++) {
            if (ClaudePaths.isAsciiAlphanumeric(anchor.charAt(i)) || anchor.charAt(i) >= 128) {
                return true;
            }
        }
        return false;
    }

    private static List<Character> startChars(Anchor a) {
        char c = a.text().charAt(0);
        if (!a.windows()) {
            return List.of(c);
        }
        List<Character> cs = new ArrayList<>(List.of(c, Character.toLowerCase(c), Character.toUpperCase(c)));
        if (Anchor.isSeparator(c) || a.hasDrive()) {
            cs.add('/');
            cs.add('\\');
        }
        return cs;
    }

    private ByteNeedles.Needle sentinelNeedle() {
        String prefix = names.isEmpty() ? "" : names.get(0);
        for (String n : names) {
            int k = 0;
            while (k < prefix.length() && k < n.length() && prefix.charAt(k) == n.charAt(k)) {
                k++;
            }
            prefix = prefix.substring(0, k);
        }
        return new ByteNeedles.Needle(("{{" + prefix).getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * The longest run of the anchor that appears verbatim in raw JSON whenever the anchor appears
     * in the decoded string (strings with a {@code \}{@code u} or {@code \/} escape are always
     * decoded): no quote, backslash or control character; for Windows also no separator and only
     * ASCII (matched case-insensitively), and not the drive prefix.
     */
    private static ByteNeedles.Needle needleOf(Anchor a) {
        String t = a.text();
        int from = a.hasDrive() ? 2 : 0;
        String best = "";
        int runStart = from;
        for (int i = from; i <= t.length(); i++) {
            boolean breaks = i == t.length() || breaksNeedle(t.charAt(i), a.windows());
            if (breaks) {
                if (i - runStart > best.length()) {
                    best = t.substring(runStart, i);
                }
                runStart = i + 1;
            }
        }
        if (best.isEmpty()) {
            return null;
        }
        return new ByteNeedles.Needle(best.getBytes(StandardCharsets.UTF_8), a.windows());
    }

    private static boolean breaksNeedle(char c, boolean windows) {
        if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
            return true;
        }
        return windows && (c == '/' || c >= 128);
    }

    List<String> names() {
        return names;
    }

    boolean windows() {
        return windows;
    }

    List<Anchor> matchable() {
        return matchable;
    }

    /** What a real sentinel expands to on this machine, or null when its tier does not apply here. */
    String expansion(int sentinelIndex) {
        return expansions[sentinelIndex];
    }

    boolean mayStartMatch(char c) {
        return c < 128 ? asciiStarts[c] : nonAsciiStarts;
    }

    int lookahead() {
        return lookahead;
    }

    ByteNeedles needles(boolean canonicalize) {
        return canonicalize ? canonicalNeedles : localNeedles;
    }
}
