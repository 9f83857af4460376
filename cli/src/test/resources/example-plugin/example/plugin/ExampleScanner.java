package example.plugin;

import dev.convergence.api.scan.SecretMatch;
import dev.convergence.api.scan.SecretScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the made-up tokens of an in-house service: XYZZY- followed by twelve hex digits. */
public final class ExampleScanner implements SecretScanner {

    private static final Pattern TOKEN = Pattern.compile("XYZZY-[0-9a-f]{12}");

    @Override
    public String id() {
        return "example-scanner";
    }

    @Override
    public Set<String> keywords() {
        return Set.of("xyzzy-");
    }

    @Override
    public List<SecretMatch> scan(String text) {
        List<SecretMatch> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(new SecretMatch("example-token", "Example in-house service token", m.start(), m.end()));
        }
        return out;
    }
}
