package broken;

import dev.convergence.api.scan.SecretMatch;
import dev.convergence.api.scan.SecretScanner;
import java.util.List;
import java.util.Set;

/** A plugin whose constructor throws: Convergence must skip it with a warning. */
public final class BrokenScanner implements SecretScanner {

    public BrokenScanner() {
        throw new IllegalStateException("cannot find my rules file");
    }

    @Override
    public String id() {
        return "broken";
    }

    @Override
    public Set<String> keywords() {
        return Set.of();
    }

    @Override
    public List<SecretMatch> scan(String text) {
        return List.of();
    }
}
