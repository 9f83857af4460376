package dev.convergence.core.hook;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What an install or uninstall did to a settings file.
 *
 * @param settings the file
 * @param changed  whether it was written (false: it already said what was asked, and was left untouched)
 * @param created  whether the file did not exist before
 * @param backup   the copy of the previous content, when there was one to keep
 */
public record SettingsChange(Path settings, boolean changed, boolean created, Optional<Path> backup) {
}
