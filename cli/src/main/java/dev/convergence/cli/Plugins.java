package dev.convergence.cli;

import dev.convergence.api.Diagnostic;
import dev.convergence.core.PluginJars;
import dev.convergence.core.ProviderRegistry;

/** The providers every command uses: built-ins plus the jars in {@code $CONVERGENCE_HOME/plugins}, warnings on stderr. */
final class Plugins {

    private Plugins() {
    }

    static ProviderRegistry registry(CliContext ctx) {
        PluginJars.Loaded loaded = PluginJars.load(ctx.env());
        for (Diagnostic w : loaded.warnings()) {
            ctx.err().println("warning: plugin " + w.source() + ": " + w.message());
        }
        return loaded.registry();
    }
}
