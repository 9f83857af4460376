package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code --json} output parses and matches its schema in docs/schemas; stdout holds nothing else. */
class JsonOutputTest {

    @TempDir
    Path tmp;

    private Machine a;

    @BeforeEach
    void twoMachinesShareAProject() throws IOException {
        a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "darwin", "work/proj");
        a.appendSession("11111111-aaaa-4aaa-8aaa-000000000001", 3);
        a.ok("init", a.root.toString(), "--remote", tmp.resolve("cluster.git").toString());
        b.ok("join", b.root.toString(), "--remote", tmp.resolve("cluster.git").toString());
        a.ok("sync");
    }

    @Test
    void statusJsonMatchesItsSchema() throws Exception {
        Map<String, Object> status = object(conforming("status", a.ok("status", a.root.toString(), "--json")));
        assertEquals("proj", status.get("project"));
        assertEquals(2, ((List<?>) status.get("machines")).size());
    }

    @Test
    void projectsJsonCountsSessionsMachinesAndActivity() throws Exception {
        Map<String, Object> doc = object(conforming("projects", a.ok("projects", "--json")));
        Map<?, ?> proj = (Map<?, ?>) ((List<?>) doc.get("projects")).get(0);
        assertEquals("proj", proj.get("id"));
        assertEquals(1L, proj.get("sessions"));
        assertEquals(2L, proj.get("machines"));
        assertTrue((Long) proj.get("bytes") > 0);
        assertTrue(proj.get("last_activity") instanceof String, proj.toString());
    }

    @Test
    void doctorJsonMatchesItsSchema() throws Exception {
        Map<String, Object> doc = object(conforming("doctor", a.ok("doctor", a.contextDir().toString(), "--json")));
        assertEquals(Boolean.TRUE, doc.get("safe"));
    }

    @Test
    void scanJsonMatchesItsSchemaWithAndWithoutFindings() throws Exception {
        conforming("scan", a.ok("scan", a.contextDir().toString(), "--json"));
        String token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
        Files.writeString(a.contextDir().resolve("memory.md"), "GITHUB_TOKEN=" + token + "\n");
        Machine.Result r = a.run("scan", a.contextDir().toString(), "--json");
        assertEquals(1, r.code(), r.toString());
        List<?> findings = (List<?>) conforming("scan", r);
        assertFalse(findings.isEmpty());
    }

    @Test
    void hookStatusJsonMatchesItsSchemaInstalledOrNot() throws Exception {
        conforming("hook-status", a.ok("hook", "status", "--json"));
        a.ok("hook", "install");
        Map<String, Object> doc = object(conforming("hook-status", a.ok("hook", "status", "--json")));
        assertEquals(Boolean.TRUE, doc.get("installed"));
    }

    @Test
    void pluginsJsonListsTheBuiltIns() throws Exception {
        Map<String, Object> doc = object(conforming("plugins", a.ok("plugins", "--json")));
        List<?> providers = (List<?>) doc.get("providers");
        assertTrue(providers.stream().anyMatch(p -> ((Map<?, ?>) p).get("id").equals("git")
                && ((Map<?, ?>) p).get("origin").equals("built-in")), providers.toString());
    }

    /** Parses stdout (which must be one JSON document) and checks it against {@code docs/schemas/<schema>.schema.json}. */
    private static Object conforming(String schema, Machine.Result r) throws Exception {
        Object doc = Json.parse(r.out());
        List<String> problems = SchemaCheck.violations(doc, SchemaCheck.schema(schema));
        assertTrue(problems.isEmpty(), schema + ": " + problems + "\n" + r.out());
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object doc) {
        return (Map<String, Object>) doc;
    }
}
