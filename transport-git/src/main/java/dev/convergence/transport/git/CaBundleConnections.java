package dev.convergence.transport.git;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.security.GeneralSecurityException;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * JGit's JDK HTTP connections, with HTTPS certificates checked against a {@link CaBundle} instead
 * of the JDK's CAs. Host names are still verified. Only when JGit itself was told not to verify
 * (an explicit {@code http.sslVerify=false}) does it fall back to JGit's own behaviour.
 */
final class CaBundleConnections implements HttpConnectionFactory2 {

    private final JDKHttpConnectionFactory jdk = new JDKHttpConnectionFactory();
    private final TrustManager[] trust;

    CaBundleConnections(TrustManager[] trust) {
        this.trust = trust.clone();
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return jdk.create(url);
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        return jdk.create(url, proxy);
    }

    @Override
    public GitSession newSession() {
        GitSession unverified = jdk.newSession();
        return new GitSession() {
            @Override
            public HttpConnection configure(HttpConnection connection, boolean sslVerify)
                    throws IOException, GeneralSecurityException {
                if (!sslVerify || !"https".equals(connection.getURL().getProtocol())) {
                    return unverified.configure(connection, sslVerify);
                }
                connection.configure(null, trust, null);
                return connection;
            }

            @Override
            public void close() {
                unverified.close();
            }
        };
    }
}
