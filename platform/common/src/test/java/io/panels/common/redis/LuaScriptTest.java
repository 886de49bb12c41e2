package io.panels.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a script reaches Redis; the scripts themselves run against the real Redis in the gateway's
 * and panel-service's tests. Here the command function records what it was asked and answers as a
 * Redis that knows the script, does not know it, or refuses it.
 */
class LuaScriptTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ECHO_SHA = "7b6725f104881a8808d417a4dcbc8417fa455fe4";

    private final LuaScript echo = LuaScript.fromClassPath("/redis/echo.lua");
    private final List<String> sent = new ArrayList<>();

    @Test
    void aRedisThatKnowsTheScriptGetsOnlyItsSha() {
        String answer = echo.run((command, arguments) -> {
            sent.add(command + " " + String.join(" ", arguments));
            return Uni.createFrom().item("hello");
        }, "0", "hello").await().atMost(WAIT);
        assertEquals("hello", answer);
        assertEquals(List.of("EVALSHA " + ECHO_SHA + " 0 hello"), sent);
    }

    @Test
    void aRedisThatDoesNotKnowItGetsTheSourceOnce() {
        String answer = echo.run((command, arguments) -> {
            sent.add(command + " " + String.join(" ", arguments));
            return command.equals("EVALSHA")
                    ? Uni.createFrom().failure(new IllegalStateException("NOSCRIPT No matching script. Please use EVAL."))
                    : Uni.createFrom().item("hello");
        }, "0", "hello").await().atMost(WAIT);
        assertEquals("hello", answer);
        assertEquals(List.of("EVALSHA " + ECHO_SHA + " 0 hello", "EVAL return ARGV[1]\n 0 hello"), sent);
    }

    @Test
    void anyOtherErrorIsTheCallersWithoutASecondTry() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> echo.run((command, arguments) -> {
            sent.add(command);
            return Uni.createFrom().<String>failure(new IllegalStateException("ERR wrong number of arguments"));
        }, "0").await().atMost(WAIT));
        assertEquals("ERR wrong number of arguments", refused.getMessage());
        assertEquals(List.of("EVALSHA"), sent);
    }

    @Test
    void aMissingScriptFailsWhenItIsLoaded() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> LuaScript.fromClassPath("/redis/absent.lua"));
        assertEquals("/redis/absent.lua is missing from the class path", missing.getMessage());
    }
}
