package dev.convergence.scanners.internal;

import java.util.regex.Pattern;

/**
 * The value of a {@code SECRET=…}-style assignment is a secret only when it looks like one: it
 * mixes at least two character classes and is not a reference, an expression or a path.
 */
public final class GenericValue implements SecretValidator {

    private static final Pattern CODE = Pattern.compile(
            "[(){}<>\\[\\]$%]|process\\.env|os\\.environ|getenv|^[./~]|^(?:true|false|null|none|undefined)$|^https?:",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIER_PATH = Pattern.compile("^[A-Za-z_]+(?:[.:][A-Za-z_]+)+$");

    @Override
    public boolean accepts(String secret) {
        if (CODE.matcher(secret).find() || IDENTIFIER_PATH.matcher(secret).find()) {
            return false;
        }
        int classes = 0;
        classes += secret.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        classes += secret.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        classes += secret.chars().anyMatch(Character::isDigit) ? 1 : 0;
        classes += secret.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        return classes >= 2 && secret.chars().anyMatch(Character::isDigit) || classes >= 3;
    }
}
