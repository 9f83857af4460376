package dev.convergence.core.state;

import dev.convergence.api.ConfigException;
import dev.convergence.core.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** This machine's stable id: {@code CONVERGENCE_MACHINE_ID}, else {@code $CONVERGENCE_HOME/machine_id}, made once. */
public final class MachineIdentity {

    private MachineIdentity() {
    }

    public static String of(Environment env) {
        if (env.machineIdOverride().isPresent()) {
            return env.machineIdOverride().get();
        }
        Path file = env.convergenceHome().resolve("machine_id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (id.matches("[A-Za-z0-9._-]{1,64}")) {
                    return id;
                }
                throw new ConfigException("corrupt machine id in " + file, "delete the file; a new id is made on the next run (then run 'convergence join' again)");
            }
            byte[] b = new byte[6];
            new SecureRandom().nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
            return id;
        } catch (IOException e) {
            throw new ConfigException("cannot read or create " + file + ": " + e.getMessage(), "check that " + env.convergenceHome() + " is writable");
        }
    }
}
