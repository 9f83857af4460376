package dev.convergence.transport.dir;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.io.File;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.cache.NullFilesCache;
import org.apache.commons.vfs2.impl.StandardFileSystemManager;

/**
 * Serves {@code dir:<location>} clusters ({@code --cluster DIR}). The location is a local path
 * or a Commons VFS URI ({@code file:///x}, {@code ram:///x}, {@code tmp:/x}, {@code sftp://…}
 * when its library is present). Each transport gets its own VFS manager, without a files cache, so
 * every name it resolves is looked up afresh and another process's changes are seen at once.
 */
public final class DirTransportProvider implements TransportProvider {

    private static final Pattern URI_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):.*");

    @Override
    public String id() {
        return "dir";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("dir");
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String description() {
        return "dir: a folder on a local or network drive, or any Commons VFS file system";
    }

    @Override
    public Transport open(ClusterUri uri, TransportContext context) throws UnsupportedClusterException {
        if (!schemes().contains(uri.scheme())) {
            throw new UnsupportedClusterException("dir serves dir: locations, not " + uri.scheme() + ":");
        }
        DirOptions options = DirOptions.from(context.options());
        StandardFileSystemManager vfs = new StandardFileSystemManager();
        try {
            vfs.setFilesCache(new NullFilesCache()); // every resolve is a fresh look at the disk
            vfs.init();
            FileObject root = resolve(vfs, uri.location());
            return new DirTransport(uri, vfs, root, options, Clock.systemUTC());
        } catch (FileSystemException e) {
            vfs.close();
            throw new UnsupportedClusterException("dir cannot open '" + uri.location() + "': " + e.getMessage());
        } catch (UnsupportedClusterException | RuntimeException e) {
            vfs.close();
            throw e;
        }
    }

    private static FileObject resolve(StandardFileSystemManager vfs, String location)
            throws FileSystemException, UnsupportedClusterException {
        var m = URI_SCHEME.matcher(location);
        if (m.matches()) {
            String scheme = m.group(1);
            if (!vfs.hasProvider(scheme)) {
                throw new UnsupportedClusterException("dir has no file system for '" + scheme + ":' (available: "
                        + new TreeSet<>(Arrays.asList(vfs.getSchemes())) + "); add its Commons VFS provider library");
            }
            return vfs.resolveFile(location);
        }
        return vfs.toFileObject(new File(location).getAbsoluteFile());
    }
}
