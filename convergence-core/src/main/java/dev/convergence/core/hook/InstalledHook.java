package dev.convergence.core.hook;

import java.util.Optional;

/**
 * One of our hook entries as found in a settings file.
 *
 * @param event          the event key it sits under ({@code Stop}, {@code SessionEnd}, or any other a user moved it to)
 * @param command        the command it runs
 * @param timeoutSeconds its {@code timeout}, when set
 */
public record InstalledHook(String event, String command, Optional<Long> timeoutSeconds) {
}
