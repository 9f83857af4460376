/** Convergence transport: a cluster is one git repository, a project an orphan branch {@code project/<id>}. */
module dev.convergence.transport.git {
    requires dev.convergence.api;
    requires org.eclipse.jgit;
    requires org.eclipse.jgit.ssh.apache;

    provides dev.convergence.api.transport.TransportProvider
            with dev.convergence.transport.git.GitTransportProvider;
}
