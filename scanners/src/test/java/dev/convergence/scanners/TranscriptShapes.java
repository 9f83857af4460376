package dev.convergence.scanners;

import java.util.List;
import java.util.function.UnaryOperator;

/** The ways a Claude Code transcript line carries a piece of text (what a tool printed, what the user typed). */
enum TranscriptShapes {

    USER_TEXT(t -> "{\"parentUuid\":null,\"isSidechain\":false,\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":"
            + quote(t) + "},\"uuid\":\"4f9e2f1c-7d0a-4a57-9c39-0d5e4b1b2a10\",\"timestamp\":\"2026-09-03T14:56:59.789Z\",\"cwd\":\"/home/a/src/proj\"}"),
    TOOL_RESULT_WITH_COPY(t -> "{\"parentUuid\":\"ad631caa-360a-4fc0-b67e-9429a8a11350\",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"toolu_01AbCdEf\",\"type\":\"tool_result\",\"content\":"
            + quote(t) + ",\"is_error\":false}]},\"uuid\":\"a70bc87f-a521-4b18-8b6c-979141e02f71\",\"toolUseResult\":{\"stdout\":"
            + quote(t) + ",\"stderr\":\"\",\"interrupted\":false,\"isImage\":false}}"),
    JSON_INSIDE_STRING(t -> "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"toolu_02\",\"type\":\"tool_result\",\"content\":"
            + quote("{\"stdout\":" + quote(t) + ",\"exitCode\":0}") + "}]},\"uuid\":\"b1\"}"),
    DOUBLY_ESCAPED_LOG(t -> "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_03\",\"content\":"
            + quote("DEBUG request body={\"input\": " + quote(t) + "} status=200") + "}]},\"uuid\":\"c1\"}"),
    BASH_TOOL_USE(t -> "{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"type\":\"message\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_04\",\"name\":\"Bash\",\"input\":{\"command\":"
            + quote(t) + ",\"description\":\"Run it\"}}]},\"uuid\":\"d1\"}");

    private final UnaryOperator<String> shape;

    TranscriptShapes(UnaryOperator<String> shape) {
        this.shape = shape;
    }

    /** The transcript line (JSON) that carries {@code text}. */
    String line(String text) {
        return shape.apply(text);
    }

    static List<TranscriptShapes> all() {
        return List.of(values());
    }

    /** A JSON string literal as JavaScript's JSON.stringify writes it. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** The text between the quotes of {@link #quote}. */
    static String escape(String s) {
        String q = quote(s);
        return q.substring(1, q.length() - 1);
    }
}
