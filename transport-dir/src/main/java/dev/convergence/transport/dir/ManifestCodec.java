package dev.convergence.transport.dir;

import dev.convergence.api.transport.ContentHash;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.convergence.api.transport.SnapshotEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes {@code manifests/<n>.json}:
 * <pre>{"format":1,"generation":3,"id":"…","created":"…","entries":[{"path":"…","sha256":"…","size":12}]}</pre>
 * Unknown fields are skipped so a later format can add some.
 */
final class ManifestCodec {

    static final int FORMAT = 1;
    private final JsonFactory json = new JsonFactory();

    byte[] write(Manifest manifest) {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("format", FORMAT);
            g.writeNumberField("generation", manifest.generation());
            g.writeStringField("id", manifest.id());
            g.writeStringField("created", manifest.created().toString());
            g.writeArrayFieldStart("entries");
            for (SnapshotEntry e : manifest.entries().values()) {
                g.writeStartObject();
                g.writeStringField("path", e.path());
                g.writeStringField("sha256", e.contentId());
                g.writeNumberField("size", e.size());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Parses a manifest; {@link IllegalArgumentException} names what is wrong when it is not one. */
    Manifest read(byte[] bytes) {
        try (JsonParser p = json.createParser(bytes)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            long generation = 0;
            String id = null;
            Instant created = null;
            Map<String, SnapshotEntry> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "format" -> {
                        if (p.getIntValue() > FORMAT) {
                            throw new IllegalArgumentException("manifest format " + p.getIntValue() + " is newer than this client");
                        }
                    }
                    case "generation" -> generation = p.getLongValue();
                    case "id" -> id = p.getText();
                    case "created" -> created = Instant.parse(p.getText());
                    case "entries" -> readEntries(p, value, entries);
                    default -> p.skipChildren();
                }
            }
            if (id == null || created == null) {
                throw new IllegalArgumentException("manifest lacks id or created");
            }
            return new Manifest(generation, id, created, entries);
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a manifest: " + e.getMessage(), e);
        }
    }

    private static void readEntries(JsonParser p, JsonToken start, Map<String, SnapshotEntry> entries) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String path = null;
            String sha = null;
            long size = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "path" -> path = p.getText();
                    case "sha256" -> sha = p.getText();
                    case "size" -> size = p.getLongValue();
                    default -> p.skipChildren();
                }
            }
            if (path == null || sha == null || !ContentHash.isSha256(sha)) {
                throw new IllegalArgumentException("manifest entry lacks a path or a SHA-256");
            }
            entries.put(path, SnapshotEntry.regular(path, size, sha));
        }
    }

    private static void expect(JsonToken actual, JsonToken wanted) {
        if (actual != wanted) {
            throw new IllegalArgumentException("expected " + wanted + " but found " + actual);
        }
    }
}
