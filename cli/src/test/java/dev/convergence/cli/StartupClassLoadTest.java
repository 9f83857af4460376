package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up paths load no heavy library: checked with the JVM's own class-load log, in a child JVM. */
class StartupClassLoadTest {

    @TempDir
    Path tmp;

    @Test
    void versionLoadsNoTransportLibraryAndNoPicocli() throws Exception {
        for (String flag : List.of("--version", "-V")) {
            Path classLog = tmp.resolve("classes" + flag + ".log");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"), Main.class.getName(), flag)
                    .directory(tmp.toFile());
            pb.environment().put("HOME", tmp.toString());
            pb.environment().put("CONVERGENCE_HOME", tmp.resolve(".convergence").toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), err);
            assertTrue(out.startsWith("convergence "), out);
            assertEquals("", err);
            String loaded = Files.readString(classLog);
            assertTrue(loaded.contains("dev.convergence.cli.Main"), "the log is the class-load log");
            for (String heavy : List.of("org.eclipse.jgit", "software.amazon", "org.apache.commons.vfs2", "dev.convergence.transport", "picocli")) {
                assertFalse(loaded.contains(heavy), flag + " loaded " + heavy);
            }
        }
    }
}
