package dev.convergence.core.rewrite;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** TEMPORARY stand-in until the engine branch lands (identity). */
public final class PathRewriter {
    public static PathRewriter of(MachineLayout layout, RewritePolicy policy) {
        return new PathRewriter();
    }

    public String canonicalize(String s) {
        return s;
    }

    public String localize(String s) {
        return s;
    }

    public byte[] canonicalizeLine(byte[] l) {
        return l;
    }

    public byte[] localizeLine(byte[] l) {
        return l;
    }

    public RewriteStats canonicalize(FileKind kind, InputStream in, OutputStream out, boolean guard) throws IOException {
        long n = in.transferTo(out);
        return new RewriteStats(0, n, n, 0, 0, 0, Map.of(), List.of());
    }

    public RewriteStats localize(FileKind kind, InputStream in, OutputStream out) throws IOException {
        long n = in.transferTo(out);
        return new RewriteStats(0, n, n, 0, 0, 0, Map.of(), List.of());
    }
}
