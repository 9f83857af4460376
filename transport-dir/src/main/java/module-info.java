/**
 * Convergence transport {@code dir}: a cluster that is a folder on any Commons VFS file system,
 * published atomically with a lock file and content-addressed, per-generation manifests.
 */
module dev.convergence.transport.dir {
    requires dev.convergence.api;
    requires commons.vfs2;
    requires com.fasterxml.jackson.core;
    provides dev.convergence.api.transport.TransportProvider with dev.convergence.transport.dir.DirTransportProvider;
}
