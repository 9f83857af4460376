package dev.convergence.cli;

import dev.convergence.core.Environment;
import dev.convergence.core.rewrite.ClaudePaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A simulated machine: its own HOME, Claude config, Convergence home, machine id and OS, in a temp dir. */
final class Machine {

    final String name;
    final Path home;
    final Path root;
    private final Map<String, String> vars = new HashMap<>();
    private int clock;

    Machine(Path base, String name, String user, String os, String projectDir) throws IOException {
        this.name = name;
        this.home = base.resolve(name).resolve("home").resolve(user);
        this.root = home.resolve(projectDir);
        Files.createDirectories(root);
        vars.put("HOME", home.toString());
        vars.put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
        vars.put("CONVERGENCE_HOME", home.resolve(".convergence").toString());
        vars.put("CONVERGENCE_MACHINE_ID", name);
        vars.put("CONVERGENCE_OS", os);
        vars.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** This machine's environment variables (a copy). */
    Map<String, String> vars() {
        return Map.copyOf(vars);
    }

    Environment env() {
        return new Environment(vars, root);
    }

    Machine set(String var, String value) {
        vars.put(var, value);
        return this;
    }

    /** What Claude Code on this machine writes for a path. */
    String nativePath(Path p) {
        return env().nativeForm(p);
    }

    String nativeRoot() {
        return nativePath(root);
    }

    String nativeHome() {
        return nativePath(home);
    }

    Path contextDir() {
        return env().projectsDir().resolve(ClaudePaths.encode(nativeRoot()));
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    /** Runs a command with {@code stdin} as its standard input. */
    Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(env(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result ok(String... args) {
        Result r = run(args);
        if (r.code() != 0) {
            throw new AssertionError(name + ": convergence " + String.join(" ", args) + " failed:\n" + r);
        }
        return r;
    }

    /** Appends Claude-Code-shaped records to a session transcript, with this machine's paths in them. */
    List<String> appendSession(String uuid, int records) throws IOException {
        Path file = contextDir().resolve(uuid + ".jsonl");
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < records; i++) {
            clock++;
            String id = name + "-" + uuid.substring(0, 8) + "-" + clock;
            ids.add(id);
            String ts = String.format("2026-11-%02dT10:%02d:%02d.000Z", 1 + clock / 3600 % 28, clock / 60 % 60, clock % 60);
            String src = nativePath(root.resolve("src").resolve("main.py"));
            b.append("{\"parentUuid\":null,\"isSidechain\":false,\"type\":\"user\",\"cwd\":").append(json(nativeRoot()))
                    .append(",\"sessionId\":\"").append(uuid).append("\",\"uuid\":\"").append(id).append("\",\"timestamp\":\"").append(ts)
                    .append("\",\"message\":{\"role\":\"user\",\"content\":").append(json("Look at " + src + " and\n" + nativeHome()
                            + (nativeHome().contains("\\") ? "\\notes.txt" : "/notes.txt") + " please (" + name + " #" + clock + ")"))
                    .append("},\"toolUseResult\":{\"filePath\":").append(json(src)).append("}}\n");
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return ids;
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
