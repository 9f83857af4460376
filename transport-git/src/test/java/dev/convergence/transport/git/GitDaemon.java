package dev.convergence.transport.git;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code git daemon} serving every repository under one directory on 127.0.0.1, push enabled. */
public final class GitDaemon implements AutoCloseable {

    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static GitDaemon serve(Path baseDir, Path log) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Process p = new ProcessBuilder(List.of("git", "daemon", "--reuseaddr", "--listen=127.0.0.1",
                    "--port=" + port, "--base-path=" + baseDir, "--export-all", "--enable=receive-pack",
                    baseDir.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (awaitListening(p, port)) {
                return new GitDaemon(p, port);
            }
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            last = new IOException("git daemon did not listen on port " + port);
        }
        throw last;
    }

    /** The {@code git://} URL of the repository {@code name} under the base directory. */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    private static boolean awaitListening(Process p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether a {@code git} binary is on the PATH. */
    public static boolean gitIsInstalled() {
        try {
            Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
