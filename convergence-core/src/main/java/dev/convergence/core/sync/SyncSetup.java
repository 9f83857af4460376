package dev.convergence.core.sync;

import dev.convergence.api.Diagnostic;
import dev.convergence.api.MachineLayout;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.Environment;
import dev.convergence.core.rewrite.PathRewriter;
import dev.convergence.core.state.ProjectState;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one sync of one project works with.
 *
 * @param staging     a private scratch directory for canonical temp files (deleted afterwards)
 * @param diagnostics per-file problems collected for the report
 * @param progress    hears about each file processed
 */
public record SyncSetup(Environment env, ProjectState state, MachineLayout layout, PathRewriter rewriter,
                        Transport transport, Path staging, List<Diagnostic> diagnostics, SecretPolicy secrets,
                        SyncProgress progress) {

    public SyncSetup(Environment env, ProjectState state, MachineLayout layout, PathRewriter rewriter,
                     Transport transport, Path staging, List<Diagnostic> diagnostics) {
        this(env, state, layout, rewriter, transport, staging, diagnostics, SecretPolicy.none(), SyncProgress.NONE);
    }

    public Path contextDir() {
        return state.contextDir();
    }
}
