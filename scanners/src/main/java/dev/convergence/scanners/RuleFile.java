package dev.convergence.scanners;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the rule-file format (documented in {@code docs/scanning.md}): sections
 * {@code [rule <id>]} of {@code key = value} lines, an optional {@code [defaults]} section whose
 * {@code allow} lines apply to every rule, {@code #} comments. Values run to the end of the line.
 */
public final class RuleFile {

    private static final int DEFAULT_MAX_LENGTH = 512;

    private RuleFile() {
    }

    /** Parses a rule file; {@code source} names it in error messages. */
    public static List<Rule> parse(InputStream in, String source) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(reader.lines().toList(), source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule file " + source, e);
        }
    }

    /** Parses the lines of a rule file. */
    public static List<Rule> parse(List<String> lines, String source) {
        List<Pattern> defaults = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        Section current = null;
        boolean inDefaults = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            String where = source + ":" + (n + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String header = line.substring(1, line.length() - 1).strip();
                inDefaults = header.equals("defaults");
                if (!inDefaults) {
                    if (!header.startsWith("rule ")) {
                        throw new IllegalArgumentException(where + ": unknown section [" + header + "]");
                    }
                    current = new Section(header.substring(5).strip(), where);
                    sections.add(current);
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + ": expected 'key = value'");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (inDefaults) {
                if (!key.equals("allow")) {
                    throw new IllegalArgumentException(where + ": [defaults] only takes 'allow'");
                }
                defaults.add(compile(value, where));
            } else if (current == null) {
                throw new IllegalArgumentException(where + ": '" + key + "' outside a [rule] section");
            } else {
                current.put(key, value, where);
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (Section s : sections) {
            rules.add(s.toRule(defaults));
        }
        long distinct = rules.stream().map(Rule::id).distinct().count();
        if (distinct != rules.size()) {
            throw new IllegalArgumentException(source + ": duplicate rule id");
        }
        return List.copyOf(rules);
    }

    private static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": bad regex: " + e.getDescription(), e);
        }
    }

    /** The key/value lines of one {@code [rule]} section. */
    private static final class Section {
        private final String id;
        private final String where;
        private String description;
        private List<String> keywords = List.of();
        private Pattern pattern;
        private String detector;
        private String validator;
        private double entropy;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private int anchor = -1;
        private final List<Pattern> allow = new ArrayList<>();

        Section(String id, String where) {
            this.id = id;
            this.where = where;
        }

        void put(String key, String value, String at) {
            switch (key) {
                case "description" -> description = value;
                case "keywords" -> keywords = Arrays.stream(value.split(","))
                        .map(k -> k.strip().toLowerCase(Locale.ROOT)).filter(k -> !k.isEmpty()).toList();
                case "regex" -> pattern = compile(value, at);
                case "detector" -> detector = value;
                case "validate" -> validator = value;
                case "entropy" -> entropy = Double.parseDouble(value);
                case "max-length" -> maxLength = Integer.parseInt(value);
                case "anchor" -> anchor = Integer.parseInt(value);
                case "allow" -> allow.add(compile(value, at));
                default -> throw new IllegalArgumentException(at + ": unknown key '" + key + "'");
            }
        }

        Rule toRule(List<Pattern> defaults) {
            if (description == null) {
                throw new IllegalArgumentException(where + ": rule " + id + " has no description");
            }
            List<Pattern> allAllow = new ArrayList<>(allow);
            allAllow.addAll(defaults);
            try {
                return new Rule(id, description, keywords, pattern, detector, validator, entropy, maxLength, allAllow, anchor);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
    }

}
