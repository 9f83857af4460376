package dev.convergence.core.scan;

import dev.convergence.api.scan.SecretMatch;
import dev.convergence.api.scan.SecretScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real, tiny scanner for core's tests (core cannot see the scanners module): finds {@code tok_} plus 16 letters or digits. */
public final class TokenScanner implements SecretScanner {

    private static final Pattern TOKEN = Pattern.compile("tok_[a-z0-9]{16}");

    @Override
    public String id() {
        return "test-tokens";
    }

    @Override
    public Set<String> keywords() {
        return Set.of("tok_");
    }

    @Override
    public List<SecretMatch> scan(String text) {
        List<SecretMatch> found = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            found.add(new SecretMatch("test-token", "Test token", m.start(), m.end()));
        }
        return found;
    }
}
