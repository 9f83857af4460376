package dev.convergence.transport.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A smart-HTTP git server over TLS on 127.0.0.1: the JDK's {@code HttpsServer} runs the real
 * {@code git http-backend} as a CGI script for every repository under one directory, after checking
 * HTTP Basic credentials for one user. Push is enabled (the backend sees {@code REMOTE_USER}).
 * The certificate is a fresh self-signed one for 127.0.0.1 (see {@link TestCertificate}); it can
 * write what a user's home needs to reach it (CA in {@code ~/.gitconfig}, login in
 * {@code ~/.git-credentials} or {@code ~/.netrc}).
 */
public final class HttpsGitServer implements AutoCloseable {

    private static final String REALM = "convergence-test";

    private final HttpsServer server;
    private final ExecutorService workers;
    private final String user;
    private final String password;
    private final Path caFile;
    private final AtomicInteger refusals = new AtomicInteger();

    private HttpsGitServer(HttpsServer server, ExecutorService workers, String user, String password, Path caFile) {
        this.server = server;
        this.workers = workers;
        this.user = user;
        this.password = password;
        this.caFile = caFile;
    }

    /**
     * Serves every repository under {@code root} to {@code user}/{@code password}; the certificate,
     * its PEM ({@link #caFile()}) and the backend's stderr go to {@code workDir}.
     */
    public static HttpsGitServer serve(Path root, String user, String password, Path workDir)
            throws IOException, GeneralSecurityException, InterruptedException {
        TestCertificate certificate = TestCertificate.create(workDir.resolve("tls"));
        Path caFile = certificate.writePem(workDir.resolve("tls").resolve("ca.pem"));
        Path log = workDir.resolve("http-backend.log");
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls(certificate)));
        ExecutorService workers = Executors.newFixedThreadPool(8);
        server.setExecutor(workers);
        HttpsGitServer git = new HttpsGitServer(server, workers, user, password, caFile);
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> git.handle(exchange, expected, new GitHttpBackend(root, user, log)));
        server.start();
        return git;
    }

    private static SSLContext tls(TestCertificate certificate) throws IOException, GeneralSecurityException {
        KeyStore keys = certificate.keyStore();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, certificate.storePassword());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private void handle(HttpExchange exchange, String expected, GitHttpBackend backend) throws IOException {
        try (exchange) {
            String given = exchange.getRequestHeaders().getFirst("Authorization");
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    expected.getBytes(StandardCharsets.UTF_8))) {
                refuse(exchange, given != null);
                return;
            }
            backend.serve(exchange);
        }
    }

    private void refuse(HttpExchange exchange, boolean triedSomething) throws IOException {
        if (triedSomething) {
            refusals.incrementAndGet();
        }
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        exchange.sendResponseHeaders(401, -1);
    }

    /** The PEM file of the server's self-signed certificate: the CA bundle a client must be given. */
    public Path caFile() {
        return caFile;
    }

    /** The one password the server accepts (tests assert it never leaks). */
    public String password() {
        return password;
    }

    /** Makes {@code home}'s {@code ~/.gitconfig} name {@link #caFile()} as {@code http.sslCAInfo}. */
    public void trustInGitconfig(Path home) throws IOException {
        append(home.resolve(".gitconfig"), "[http]\n\tsslCAInfo = " + caFile + "\n");
    }

    /** Adds this server's login to {@code home}'s {@code ~/.git-credentials}, as {@code git credential-store} would. */
    public void writeGitCredentials(Path home, String secret) throws IOException {
        append(home.resolve(".git-credentials"), "https://" + user + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20") + "@127.0.0.1:" + port() + "\n");
    }

    /** Adds a {@code machine 127.0.0.1} entry with this server's user and {@code secret} to {@code home}'s {@code ~/.netrc}. */
    public void writeNetrc(Path home, String secret) throws IOException {
        append(home.resolve(".netrc"), "machine 127.0.0.1\n  login " + user + "\n  password " + secret + "\n");
    }

    private static void append(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** How many requests carried credentials the server refused. */
    public int refusedLogins() {
        return refusals.get();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The {@code https://} URL of repository {@code name} under the served directory. */
    public String url(String name) {
        return "https://127.0.0.1:" + port() + "/" + name;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One request handed to {@code git http-backend}: CGI variables in, CGI headers and body out. */
    private record GitHttpBackend(Path root, String user, Path log) {

        void serve(HttpExchange exchange) throws IOException {
            ProcessBuilder pb = new ProcessBuilder("git", "http-backend")
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            cgiEnvironment(exchange, pb.environment());
            Process process = pb.start();
            Thread feeder = new Thread(() -> feed(exchange.getRequestBody(), process.getOutputStream()),
                    "http-backend-stdin");
            feeder.start();
            try (InputStream out = process.getInputStream()) {
                int status = 200;
                for (String line = headerLine(out); !line.isEmpty(); line = headerLine(out)) {
                    int colon = line.indexOf(':');
                    String name = line.substring(0, colon).strip();
                    String value = line.substring(colon + 1).strip();
                    if (name.equalsIgnoreCase("Status")) {
                        status = Integer.parseInt(value.split(" ")[0]);
                    } else {
                        exchange.getResponseHeaders().add(name, value);
                    }
                }
                exchange.sendResponseHeaders(status, 0);
                try (OutputStream body = exchange.getResponseBody()) {
                    out.transferTo(body);
                }
            } finally {
                join(feeder, process);
            }
        }

        private void cgiEnvironment(HttpExchange exchange, Map<String, String> env) {
            env.keySet().removeIf(k -> k.startsWith("GIT_"));
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            env.put("HOME", root.toString());
            env.put("REMOTE_USER", user);
            env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getPath());
            String query = exchange.getRequestURI().getRawQuery();
            env.put("QUERY_STRING", query == null ? "" : query);
            copyHeader(exchange, "Content-Type", "CONTENT_TYPE", env);
            copyHeader(exchange, "Content-Length", "CONTENT_LENGTH", env);
            copyHeader(exchange, "Content-Encoding", "HTTP_CONTENT_ENCODING", env);
            copyHeader(exchange, "Git-Protocol", "GIT_PROTOCOL", env);
        }

        private static void copyHeader(HttpExchange exchange, String header, String variable, Map<String, String> env) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                env.put(variable, value);
            }
        }

        /** The request body to the backend's stdin; closing stdin tells it the body has ended. */
        private static void feed(InputStream body, OutputStream stdin) {
            try (stdin) {
                body.transferTo(stdin);
            } catch (IOException backendGone) {
                // the backend exited early; its answer (or its stderr) says why
            }
        }

        private static void join(Thread feeder, Process process) throws IOException {
            try {
                feeder.join(TimeUnit.SECONDS.toMillis(30));
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while serving a git request", e);
            }
        }

        /** One CGI header line without its CR LF; empty at the blank line that ends the headers (or at EOF). */
        private static String headerLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
