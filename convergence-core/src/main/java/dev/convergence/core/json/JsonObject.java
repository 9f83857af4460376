package dev.convergence.core.json;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads from a parsed JSON object that say which key was wrong. */
public record JsonObject(Map<String, Object> map, String where) {

    public Optional<String> string(String key) {
        Object v = map.get(key);
        if (v == null || v == Json.NULL) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new IllegalStateException(where + ": \"" + key + "\" must be a string");
        }
        return Optional.of(s);
    }

    public String requireString(String key) {
        return string(key).orElseThrow(() -> new IllegalStateException(where + ": \"" + key + "\" is missing"));
    }

    public Optional<Long> number(String key) {
        Object v = map.get(key);
        if (v == null || v == Json.NULL) {
            return Optional.empty();
        }
        if (!(v instanceof Number n)) {
            throw new IllegalStateException(where + ": \"" + key + "\" must be a number");
        }
        return Optional.of(n.longValue());
    }

    public Optional<Boolean> bool(String key) {
        Object v = map.get(key);
        if (v == null || v == Json.NULL) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalStateException(where + ": \"" + key + "\" must be true or false");
        }
        return Optional.of(b);
    }

    @SuppressWarnings("unchecked")
    public Optional<JsonObject> object(String key) {
        Object v = map.get(key);
        if (v == null || v == Json.NULL) {
            return Optional.empty();
        }
        if (!(v instanceof Map)) {
            throw new IllegalStateException(where + ": \"" + key + "\" must be an object");
        }
        return Optional.of(new JsonObject((Map<String, Object>) v, where));
    }

    public List<?> list(String key) {
        Object v = map.get(key);
        if (v == null || v == Json.NULL) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalStateException(where + ": \"" + key + "\" must be an array");
        }
        return l;
    }
}
