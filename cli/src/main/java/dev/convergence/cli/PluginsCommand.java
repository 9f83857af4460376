package dev.convergence.cli;

import dev.convergence.api.rewrite.RewriteTier;
import dev.convergence.api.scan.SecretScanner;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.core.PluginJars;
import dev.convergence.core.ProviderOrigin;
import dev.convergence.core.ProviderRegistry;
import dev.convergence.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code convergence plugins}: every transport, secret scanner and rewrite tier, built in or from a plugin jar. */
@Command(name = "plugins",
        description = {"List the transports, secret scanners and rewrite tiers Convergence can use, built in or loaded",
                "from the jars in $CONVERGENCE_HOME/plugins (see docs/plugins.md). A broken plugin is skipped with a warning."},
        footer = {"%nExamples:%n  convergence plugins%n  convergence plugins --json"})
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print JSON instead of a table (schema: docs/schemas/plugins.schema.json).")
    boolean json;

    /** One provider as listed. */
    record Row(String kind, String id, String version, List<String> schemes, Integer priority, ProviderOrigin origin) {
    }

    @Override
    public Integer call() {
        CliContext ctx = main.context();
        ProviderRegistry registry = Plugins.registry(ctx);
        List<Row> rows = rows(registry);
        if (json) {
            ctx.out().print(Json.writePretty(asJson(rows, PluginJars.folder(ctx.env()).toString())));
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("KIND", "ID", "VERSION", "SCHEMES", "PRIORITY", "ORIGIN");
        for (Row r : rows) {
            table.row(r.kind(), r.id(), r.version(), r.schemes().isEmpty() ? "-" : String.join(",", r.schemes()),
                    r.priority() == null ? "-" : r.priority().toString(), r.origin().describe());
        }
        table.render(ctx.terminal()).forEach(ctx.out()::println);
        if (main.verbose) {
            ctx.out().println();
            ctx.out().println("plugins folder: " + PluginJars.folder(ctx.env()));
        }
        return ExitCodes.OK;
    }

    static List<Row> rows(ProviderRegistry registry) {
        List<Row> rows = new ArrayList<>();
        for (TransportProvider p : registry.transports()) {
            rows.add(new Row("transport", p.id(), version(registry, p), List.copyOf(new TreeSet<>(p.schemes())), p.priority(),
                    registry.origin(p)));
        }
        for (SecretScanner s : registry.scanners()) {
            rows.add(new Row("scanner", s.id(), version(registry, s), List.of(), null, registry.origin(s)));
        }
        for (RewriteTier t : registry.tiers()) {
            rows.add(new Row("rewrite-tier", t.id(), version(registry, t), List.of(), null, registry.origin(t)));
        }
        return rows;
    }

    private static String version(ProviderRegistry registry, Object provider) {
        ProviderOrigin o = registry.origin(provider);
        if (!o.builtIn()) {
            return o.version().orElse("-");
        }
        String v = provider.getClass().getPackage().getImplementationVersion();
        return v == null ? new Main.Version().getVersion()[0].replace("convergence ", "") : v;
    }

    private static Map<String, Object> asJson(List<Row> rows, String folder) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plugins_folder", folder);
        List<Object> providers = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", r.kind());
            e.put("id", r.id());
            e.put("version", r.version());
            e.put("schemes", new ArrayList<Object>(r.schemes()));
            e.put("priority", r.priority() == null ? Json.NULL : r.priority());
            e.put("origin", r.origin().jar().map(Object::toString).orElse("built-in"));
            providers.add(e);
        }
        m.put("providers", providers);
        return m;
    }
}
