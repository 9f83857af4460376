package dev.convergence.cli;

import dev.convergence.core.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against the small part of JSON Schema our schema files use: {@code type}
 * (one or a list), {@code required}, {@code properties}, {@code additionalProperties} (a schema),
 * {@code items} and {@code enum}. Returns every violation with its JSON path.
 */
final class SchemaCheck {

    private final List<String> problems = new ArrayList<>();

    private SchemaCheck() {
    }

    /** The schema in {@code docs/schemas/<name>.schema.json}. */
    static Map<String, Object> schema(String name) throws IOException, Json.JsonSyntaxException {
        return Json.parseObject(Files.readString(docs().resolve("schemas").resolve(name + ".schema.json")));
    }

    static Path docs() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().resolveSibling("docs");
    }

    /** The violations of {@code value} against {@code schema}; empty when it conforms. */
    static List<String> violations(Object value, Map<String, Object> schema) {
        SchemaCheck c = new SchemaCheck();
        c.check("$", value, schema);
        return c.problems;
    }

    @SuppressWarnings("unchecked")
    private void check(String path, Object value, Map<String, Object> schema) {
        Object type = schema.get("type");
        if (type != null) {
            List<Object> types = type instanceof List<?> l ? (List<Object>) l : List.of(type);
            if (types.stream().noneMatch(t -> is(value, (String) t))) {
                problems.add(path + ": expected " + types + ", got " + describe(value));
                return;
            }
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            problems.add(path + ": " + value + " is not one of " + allowed);
        }
        if (value instanceof Map<?, ?> object) {
            if (schema.get("required") instanceof List<?> required) {
                for (Object key : required) {
                    if (!object.containsKey(key)) {
                        problems.add(path + ": missing required key '" + key + "'");
                    }
                }
            }
            Map<String, Object> properties = schema.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
            for (Map.Entry<?, ?> e : object.entrySet()) {
                Object sub = properties.get(e.getKey());
                if (sub == null) {
                    sub = schema.get("additionalProperties");
                }
                if (sub instanceof Map<?, ?> s) {
                    check(path + "." + e.getKey(), e.getValue(), (Map<String, Object>) s);
                }
            }
        }
        if (value instanceof List<?> array && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < array.size(); i++) {
                check(path + "[" + i + "]", array.get(i), (Map<String, Object>) items);
            }
        }
    }

    private static boolean is(Object value, String type) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Long || value instanceof Integer || value instanceof BigInteger;
            case "number" -> value instanceof Number;
            case "null" -> value == Json.NULL || value == null;
            default -> throw new IllegalArgumentException("schema uses an unsupported type: " + type);
        };
    }

    private static String describe(Object value) {
        return value == Json.NULL ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
