/** Convergence transport: dir. */
module dev.convergence.transport.dir {
    requires dev.convergence.api;
    provides dev.convergence.api.transport.TransportProvider with dev.convergence.transport.dir.DirTransportProvider;
}
