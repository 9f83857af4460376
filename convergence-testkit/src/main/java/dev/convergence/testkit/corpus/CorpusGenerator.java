package dev.convergence.testkit.corpus;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Writes a synthetic Claude Code 2.1 context dir shaped like real output (and like the shared
 * {@code gen-corpus} tool): {@code <projects>/<encoded>/<uuid>.jsonl} transcripts with a
 * {@code cwd} on every envelope line (sometimes a subdirectory of the root), absolute paths in tool
 * inputs, tool results (after {@code \n}) and {@code toolUseResult} copies, file-history snapshots
 * keyed by path, thinking blocks with long signatures, per-session {@code subagents/}, and
 * {@code memory/MEMORY.md} plus topic files. Deterministic per seed. Stateless.
 */
public final class CorpusGenerator {

    private static final String[] WORDS = {"the", "build", "cache", "fails", "after", "restart", "config", "worker",
        "module", "fix", "tests", "read", "warms", "because", "then", "é", "日本", "😀"};
    private static final String[] FILES = {"README.md", "src/main.py", "src/util/io.py", "tests/test_io.py", "pkg/a.ts",
        "docs/notes.md", "build.gradle"};

    /**
     * What to generate.
     *
     * @param seed            drives every random choice
     * @param sessions        transcripts to write
     * @param linesPerSession approximate lines per transcript
     * @param subagents       whether sessions get {@code <uuid>/subagents/agent-*.jsonl} + {@code .meta.json}
     */
    public record Options(long seed, int sessions, int linesPerSession, boolean subagents) {
        public static Options small(long seed) {
            return new Options(seed, 3, 40, true);
        }
    }

    private CorpusGenerator() {
    }

    /** Claude Code's folder name for a root (the over-200-characters hash rule is not applied here). */
    public static String encode(String nativeRoot) {
        return nativeRoot.replaceAll("[^A-Za-z0-9]", "-");
    }

    /**
     * Generates the context dir for {@code nativeRoot} under {@code projectsDir} and returns it.
     * Paths inside the content use the native forms given (POSIX, or {@code C:\...} for Windows).
     */
    public static Path generate(Path projectsDir, String nativeHome, String nativeRoot, Options options) {
        Path ctx = projectsDir.resolve(encode(nativeRoot));
        Random r = new Random(options.seed());
        String sep = nativeRoot.contains("\\") ? "\\" : "/";
        try {
            Files.createDirectories(ctx.resolve("memory"));
            for (int s = 0; s < options.sessions(); s++) {
                String session = uuid(r);
                writeTranscript(ctx.resolve(session + ".jsonl"), r, session, nativeHome, nativeRoot, sep, options.linesPerSession());
                if (options.subagents() && r.nextBoolean()) {
                    Path sub = ctx.resolve(session).resolve("subagents");
                    Files.createDirectories(sub);
                    String agent = "agent-a" + Long.toHexString(r.nextLong() & 0xffffffffffffL);
                    writeTranscript(sub.resolve(agent + ".jsonl"), r, session, nativeHome, nativeRoot, sep, 8);
                    Files.writeString(sub.resolve(agent + ".meta.json"),
                            "{\"agentType\":\"general-purpose\",\"description\":\"sweep " + word(r) + "\"}", StandardCharsets.UTF_8);
                }
            }
            Files.writeString(ctx.resolve("memory/MEMORY.md"),
                    "- [Build notes](build-notes.md) — how " + nativeRoot + sep + "build works\n"
                            + "- [Prefs](user-prefs.md) — dotfiles in " + nativeHome + sep + ".config\n", StandardCharsets.UTF_8);
            Files.writeString(ctx.resolve("memory/build-notes.md"),
                    "---\nname: build-notes\ndescription: build\nmetadata:\n  type: project\n---\n\nRun `make` in "
                            + nativeRoot + ". Logs go to " + nativeRoot + sep + "build" + sep + "out.log.\n", StandardCharsets.UTF_8);
            Files.writeString(ctx.resolve("memory/user-prefs.md"), "Prefers {{CC_HOME}} literally in docs.\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ctx;
    }

    private static void writeTranscript(Path file, Random r, String session, String home, String root, String sep, int lines)
            throws IOException {
        String parent = null;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                String uuid = uuid(r);
                String cwd = r.nextInt(8) == 0 ? root + sep + "src" : root;
                String path = root + sep + FILES[r.nextInt(FILES.length)].replace("/", sep);
                String body = switch (r.nextInt(6)) {
                    case 0 -> "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":" + q("in " + root + " " + sentence(r)) + "}";
                    case 1 -> "\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_"
                            + i + "\",\"name\":\"Edit\",\"input\":{\"file_path\":" + q(path) + ",\"old_string\":" + q(sentence(r)) + "}}]}";
                    case 2 -> "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"content\":"
                            + q(path + "\n" + root + sep + "x.py:3: " + sentence(r) + "\n" + home + sep + ".cache" + sep + "pip\n/mnt" + root)
                            + "}]},\"toolUseResult\":{\"filePath\":" + q(path) + ",\"stdout\":" + q("ok\n" + path + "\n")
                            + ",\"structuredPatch\":[{\"lines\":[" + q("-" + sentence(r)) + "," + q("+see " + path + ".") + "]}]}";
                    case 3 -> "\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":"
                            + q(sentence(r)) + ",\"signature\":" + q(signature(r)) + "}]}";
                    case 4 -> "\"type\":\"file-history-snapshot\",\"messageId\":\"" + uuid + "\",\"snapshot\":{\"trackedFileBackups\":{"
                            + q(path) + ":{\"backupFileName\":\"" + uuid.substring(0, 8) + "@v1\",\"version\":1}}}";
                    default -> "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":" + q("open file://" + path.replace('\\', '/')
                            + " and " + root + "-old and " + root + ".bak " + sentence(r)) + "}";
                };
                w.write("{\"parentUuid\":" + (parent == null ? "null" : q(parent)) + ",\"isSidechain\":false," + body
                        + ",\"uuid\":" + q(uuid) + ",\"timestamp\":\"2026-09-01T10:" + String.format("%02d:%02d", (i / 60) % 60, i % 60)
                        + ".000Z\",\"userType\":\"external\",\"cwd\":" + q(cwd) + ",\"sessionId\":" + q(session)
                        + ",\"version\":\"2.1.169\",\"gitBranch\":\"main\"}\n");
                parent = uuid;
            }
        }
    }

    private static String uuid(Random r) {
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }

    private static String word(Random r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    private static String sentence(Random r) {
        List<String> w = new ArrayList<>();
        int n = 3 + r.nextInt(10);
        for (int i = 0; i < n; i++) {
            w.add(word(r));
        }
        return String.join(" ", w);
    }

    private static String signature(Random r) {
        byte[] b = new byte[300];
        r.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** A JSON string as JSON.stringify writes it. */
    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
