package dev.convergence.core.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HookInputTest {

    private static HookInput parse(String s) {
        return HookInput.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheFieldsClaudeCodeSendsAndIgnoresOthers() {
        HookInput in = parse("{\"session_id\":\"abc\",\"transcript_path\":\"/h/.claude/projects/-p/abc.jsonl\",\"cwd\":\"/p\","
                + "\"hook_event_name\":\"Stop\",\"stop_hook_active\":true,\"permission_mode\":\"default\"}");
        assertEquals(new HookInput("abc", Optional.of("/h/.claude/projects/-p/abc.jsonl"), "/p", "Stop", true), in);
    }

    @Test
    void emptyMalformedOrCwdlessInputIsBadInput() {
        assertThrows(BadInputException.class, () -> parse(""));
        assertThrows(BadInputException.class, () -> parse("  \n"));
        assertThrows(BadInputException.class, () -> parse("{\"cwd\":"));
        assertThrows(BadInputException.class, () -> parse("[1]"));
        assertThrows(BadInputException.class, () -> parse("{\"session_id\":\"x\"}"));
        BadInputException e = assertThrows(BadInputException.class, () -> parse("{\"cwd\": 7}"));
        assertTrue(e.getMessage().contains("cwd"), e.getMessage());
    }
}
