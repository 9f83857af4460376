package dev.convergence.core.hook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.convergence.api.BadInputException;
import dev.convergence.api.ConfigException;
import dev.convergence.core.json.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Claude Code settings file as it stands on disk: its exact text, its parsed tree, and where
 * its top-level {@code "hooks"} member sits. {@link #withHooks} produces the new text by splicing
 * only that member, so every other byte — other keys, their order and layout, the trailing
 * newline — stays exactly as the user left it. Immutable.
 */
public final class ClaudeSettings {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String KEY = "hooks";

    private final Path file;
    private final boolean exists;
    private final String text;
    private final Map<String, Object> root;
    private final SettingsFormat format;
    /** Char offsets of the hooks member: key start, value start, value end (exclusive); -1 when absent. */
    private final int keyStart;
    private final int valueStart;
    private final int valueEnd;
    /** Char offset of the root object's closing brace. */
    private final int rootEnd;

    private ClaudeSettings(Path file, boolean exists, String text, Map<String, Object> root, int[] offsets) {
        this.file = file;
        this.exists = exists;
        this.text = text;
        this.root = root;
        this.format = SettingsFormat.detect(text);
        this.keyStart = offsets[0];
        this.valueStart = offsets[1];
        this.valueEnd = offsets[2];
        this.rootEnd = offsets[3];
    }

    /**
     * Reads a settings file; an absent or blank file reads as {@code {}}.
     *
     * @throws BadInputException when the file is not valid JSON, not an object, or its {@code hooks} is not an object
     * @throws ConfigException   when it cannot be read
     */
    public static ClaudeSettings read(Path file) {
        if (!Files.exists(file)) {
            return new ClaudeSettings(file, false, "", new LinkedHashMap<>(), new int[] {-1, -1, -1, -1});
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw invalid(file, "it is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), "check its permissions");
        }
        if (text.isBlank()) {
            return new ClaudeSettings(file, true, text, new LinkedHashMap<>(), new int[] {-1, -1, -1, -1});
        }
        Map<String, Object> root;
        try {
            root = Json.parseObject(text);
        } catch (Json.JsonSyntaxException e) {
            throw invalid(file, e.getMessage());
        }
        Object hooks = root.get(KEY);
        if (hooks != null && !(hooks instanceof Map)) {
            throw invalid(file, "its \"hooks\" is not an object");
        }
        return new ClaudeSettings(file, true, text, root, locateHooks(text));
    }

    private static BadInputException invalid(Path file, String why) {
        return new BadInputException("refusing to edit " + file + ": it is not valid settings JSON (" + why + ")",
                "fix the file (or move it aside) and run the command again; nothing was written");
    }

    private static int[] locateHooks(String text) {
        int[] at = {-1, -1, -1, -1};
        try (JsonParser p = FACTORY.createParser(text)) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                boolean hooks = KEY.equals(p.currentName());
                int key = (int) p.currentTokenLocation().getCharOffset();
                JsonToken value = p.nextToken();
                int start = (int) p.currentTokenLocation().getCharOffset();
                if (value.isStructStart()) {
                    p.skipChildren();
                }
                if (hooks) {
                    at[0] = key;
                    at[1] = start;
                    at[2] = (int) p.currentTokenLocation().getCharOffset() + 1;
                }
            }
            at[3] = (int) p.currentTokenLocation().getCharOffset();
        } catch (IOException e) {
            throw new IllegalStateException("text parsed once but not twice", e);
        }
        return at;
    }

    public Path file() {
        return file;
    }

    /** Whether the file exists on disk. */
    public boolean exists() {
        return exists;
    }

    /** The file's bytes as text, {@code ""} when absent. */
    public String text() {
        return text;
    }

    public SettingsFormat format() {
        return format;
    }

    /** A fresh, mutable copy of the {@code "hooks"} object (empty when absent). */
    public Map<String, Object> hooks() {
        Object hooks = root.get(KEY);
        return hooks == null ? new LinkedHashMap<>() : deepCopy(hooks);
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(Object v) {
        try {
            return (T) Json.parse(Json.writeCompact(v));
        } catch (Json.JsonSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The file's text with {@code "hooks"} set to {@code hooks}, or removed when {@code hooks} is
     * empty; every byte outside that member is kept.
     */
    public String withHooks(Map<String, Object> hooks) {
        if (hooks.isEmpty()) {
            return keyStart < 0 ? text : removeMember();
        }
        String value = format.print(hooks, 1);
        if (keyStart >= 0) {
            return text.substring(0, valueStart) + value + text.substring(valueEnd);
        }
        String member = quoted() + format.keySeparator() + value;
        if (rootEnd < 0) {
            String nl = format.newline();
            return "{" + nl + format.indentAt(1) + member + nl + "}" + nl;
        }
        int last = lastNonSpaceBefore(rootEnd);
        String head = text.substring(0, last + 1);
        String nl = format.newline();
        if (text.charAt(last) == '{') {
            return head + nl + format.indentAt(1) + member + nl + text.substring(rootEnd);
        }
        String comma = format.compact() && format.spaced() ? ", " : ",";
        return head + comma + nl + format.indentAt(1) + member + text.substring(last + 1);
    }

    private static String quoted() {
        StringBuilder b = new StringBuilder();
        SettingsFormat.quote(b, KEY);
        return b.toString();
    }

    private String removeMember() {
        int before = lastNonSpaceBefore(keyStart);
        if (text.charAt(before) == ',') {
            return text.substring(0, before) + text.substring(valueEnd);
        }
        int after = firstNonSpaceFrom(valueEnd);
        if (text.charAt(after) == ',') {
            return text.substring(0, keyStart) + text.substring(firstNonSpaceFrom(after + 1));
        }
        return text.substring(0, before + 1) + text.substring(after);
    }

    private int lastNonSpaceBefore(int index) {
        int i = index - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i;
    }

    private int firstNonSpaceFrom(int index) {
        int i = index;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
