package dev.convergence.core.scan;

import dev.convergence.api.scan.Finding;
import java.util.List;

/** Renders findings as a JSON array (what {@code convergence scan --json} prints). */
public final class FindingsJson {

    private FindingsJson() {
    }

    public static String toJson(List<Finding> findings) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            out.append(i == 0 ? "\n  " : ",\n  ")
                    .append("{\"id\":").append(JsonQuoting.quote(f.id()))
                    .append(",\"path\":").append(JsonQuoting.quote(f.path()))
                    .append(",\"line\":").append(f.line())
                    .append(",\"rule\":").append(JsonQuoting.quote(f.ruleId()))
                    .append(",\"description\":").append(JsonQuoting.quote(f.description()))
                    .append(",\"masked\":").append(JsonQuoting.quote(f.masked()))
                    .append(",\"sha256\":").append(JsonQuoting.quote(f.secretSha256()))
                    .append('}');
        }
        return out.append(findings.isEmpty() ? "]" : "\n]").toString();
    }
}
