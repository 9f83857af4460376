package dev.convergence.api;

import java.util.Locale;

/** The operating-system families a participant can run, with their wire names in {@code roster.json}. */
public enum OsFamily {
    DARWIN("darwin"), LINUX("linux"), WINDOWS("windows");

    private final String wireName;

    OsFamily(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Windows paths use drive letters, either separator, and compare case-insensitively. */
    public boolean isWindows() {
        return this == WINDOWS;
    }

    /** Parses a wire name ({@code darwin}, {@code linux}, {@code windows}); also accepts {@code macos}/{@code mac}. */
    public static OsFamily fromWire(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "darwin": case "macos": case "mac": case "osx": return DARWIN;
            case "linux": return LINUX;
            case "windows": case "win": case "win32": return WINDOWS;
            default:
                throw new BadInputException("unknown operating system '" + name + "'",
                        "use one of darwin, linux, windows");
        }
    }

    /** The family of a JVM {@code os.name} value. */
    public static OsFamily fromOsName(String osName) {
        String n = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("windows")) {
            return WINDOWS;
        }
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return DARWIN;
        }
        return LINUX;
    }
}
