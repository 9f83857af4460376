package dev.convergence.core.hook;

import java.util.Locale;
import java.util.Optional;

/** The Claude Code hook events the sync hook can be installed on, by their names in settings.json. */
public enum HookEvent {
    /** After each assistant turn: keeps the cluster current while a session runs. */
    STOP("Stop"),
    /** When a session ends: one sync per session. */
    SESSION_END("SessionEnd");

    private final String settingsName;

    HookEvent(String settingsName) {
        this.settingsName = settingsName;
    }

    /** The key under {@code "hooks"} in settings.json. */
    public String settingsName() {
        return settingsName;
    }

    /** The event for a name as Claude Code writes it ({@code Stop}), case-insensitively. */
    public static Optional<HookEvent> named(String name) {
        for (HookEvent e : values()) {
            if (e.settingsName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
