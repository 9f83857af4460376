package dev.convergence.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON tree for our own files (roster, state, config, settings): objects are
 * {@link LinkedHashMap}s (key order kept), arrays {@link List}s, numbers {@link Long},
 * {@link BigInteger} or {@link BigDecimal}, and {@code null} is {@link #NULL}.
 */
public final class Json {

    /** JSON {@code null} inside a tree (a Java {@code null} means "absent"). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Json() {
    }

    /** Parses one JSON document. */
    public static Object parse(String text) throws JsonSyntaxException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JsonSyntaxException("empty document");
            }
            Object value = read(p, first);
            if (p.nextToken() != null) {
                throw new JsonSyntaxException("unexpected content after the value at line " + p.currentLocation().getLineNr());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new JsonSyntaxException(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a document that must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) throws JsonSyntaxException {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new JsonSyntaxException("expected a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException, JsonSyntaxException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(read(p, e));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new JsonSyntaxException("unexpected token " + t);
        }
    }

    /** Writes a tree with 2-space indentation, {@code "key": value}, and a trailing newline. */
    public static String writePretty(Object value) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                    .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
            g.setPrettyPrinter(pp);
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    /** Writes a tree compactly, on one line, without a trailing newline. */
    public static String writeCompact(Object value) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null || v == NULL) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object e : l) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger bi) {
            g.writeNumber(bi);
        } else if (v instanceof BigDecimal bd) {
            g.writeNumber(bd);
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }

    /** A document that is not valid JSON; the message says where. */
    public static final class JsonSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        public JsonSyntaxException(String message) {
            super(message);
        }
    }
}
