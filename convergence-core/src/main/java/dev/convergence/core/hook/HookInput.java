package dev.convergence.core.hook;

import dev.convergence.api.BadInputException;
import dev.convergence.core.json.Json;
import dev.convergence.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What Claude Code sends a hook on stdin (only the fields we use; others are ignored).
 *
 * @param sessionId      {@code session_id}, {@code ""} when absent
 * @param transcriptPath {@code transcript_path}, in the native form Claude Code writes
 * @param cwd            {@code cwd}: the directory Claude Code runs in (a project root or below it)
 * @param eventName      {@code hook_event_name}, {@code ""} when absent
 * @param stopHookActive {@code stop_hook_active}: Claude Code is continuing because a Stop hook told
 *                       it to. Ours never tells it to, so this cannot be a loop of ours; the
 *                       transcript still grew, so we sync as usual.
 */
public record HookInput(String sessionId, Optional<String> transcriptPath, String cwd, String eventName, boolean stopHookActive) {

    /** The most stdin we read; a hook payload is a few hundred bytes. */
    public static final int MAX_BYTES = 1 << 20;

    /**
     * Parses the hook payload.
     *
     * @throws BadInputException when it is empty, not a JSON object, or has no {@code cwd}
     */
    public static HookInput parse(byte[] stdin) {
        String text = new String(stdin, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new BadInputException("the hook input on stdin is empty", "this command is run by Claude Code's hook, which sends JSON");
        }
        try {
            JsonObject o = new JsonObject(Json.parseObject(text), "hook input");
            String cwd = o.string("cwd").filter(s -> !s.isBlank())
                    .orElseThrow(() -> new BadInputException("the hook input has no \"cwd\"", ""));
            return new HookInput(o.string("session_id").orElse(""), o.string("transcript_path").filter(s -> !s.isBlank()), cwd,
                    o.string("hook_event_name").orElse(""), o.bool("stop_hook_active").orElse(false));
        } catch (Json.JsonSyntaxException e) {
            throw new BadInputException("the hook input is not a JSON object: " + e.getMessage(), "");
        } catch (IllegalStateException e) {
            throw new BadInputException(e.getMessage(), "");
        }
    }
}
