package io.panels.common.redis;

import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BiFunction;

/**
 * A Redis Lua script from the class path, sent by its SHA-1 ({@code EVALSHA}) and in full
 * ({@code EVAL}) only when the Redis answering does not know it yet ({@code NOSCRIPT}: a new or
 * restarted server). Independent of the Redis client: callers pass the client's command function,
 * e.g. {@code script.run(redis::execute, "1", key, argument)}. A native image needs the resource
 * included ({@code quarkus.native.resources.includes}).
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    private LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The script at {@code resource} (an absolute class-path name, e.g. {@code /redis/admission.lua}). */
    public static LuaScript fromClassPath(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String sha() {
        return sha;
    }

    /**
     * Runs the script with {@code keysAndArguments} as EVAL takes them after the script: the number
     * of keys, the keys, then the arguments.
     */
    public <T> Uni<T> run(BiFunction<String, String[], Uni<T>> command, String... keysAndArguments) {
        return command.apply("EVALSHA", prepend(sha, keysAndArguments))
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> command.apply("EVAL", prepend(source, keysAndArguments)));
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
