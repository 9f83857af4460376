package dev.convergence.cli;

import dev.convergence.api.transport.TransportProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.spi.ToolProvider;

/** Builds a plugin jar at test time: compiles the sources under a test resource folder against our API with javac. */
final class PluginJar {

    private PluginJar() {
    }

    /**
     * Compiles {@code src/test/resources/<folder>} into {@code jar}, with a manifest carrying
     * {@code version} and the given {@code META-INF/services} files (interface name → provider class).
     */
    static Path build(String folder, Path jar, String version, Map<String, String> services) throws IOException {
        Path sources = resources().resolve(folder);
        Files.createDirectories(jar.getParent());
        Path classes = Files.createTempDirectory(jar.getParent(), "classes");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-cp", apiJar()));
        try (Stream<Path> s = Files.walk(sources)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
        StringWriter log = new StringWriter();
        PrintWriter w = new PrintWriter(log);
        if (javac.run(w, w, args.toArray(String[]::new)) != 0) {
            throw new AssertionError("the example plugin does not compile:\n" + log);
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf); Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + e.getKey()));
                write(out, e.getValue() + "\n");
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path resources() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("src/test/resources");
    }

    /** Where the API classes are (a jar or a classes folder), for the plugin's compile class path. */
    private static String apiJar() {
        try {
            return Path.of(TransportProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
