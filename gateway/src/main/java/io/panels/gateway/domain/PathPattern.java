package io.panels.gateway.domain;

import java.util.Arrays;
import java.util.List;

/**
 * A route's path pattern: literal segments, {@code *} for exactly one segment, and a trailing
 * {@code **} for any number of further segments (none included). Deliberately no regular
 * expressions: a reader of the route table sees at a glance what matches.
 */
public record PathPattern(String text, List<String> segments, boolean openEnded) {

    public static PathPattern parse(String text) {
        if (text == null || !text.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with /: " + text);
        }
        List<String> segments = split(text);
        boolean openEnded = !segments.isEmpty() && segments.get(segments.size() - 1).equals("**");
        if (openEnded) {
            segments = segments.subList(0, segments.size() - 1);
        }
        if (segments.contains("**")) {
            throw new IllegalArgumentException("** may only end a route path: " + text);
        }
        return new PathPattern(text, List.copyOf(segments), openEnded);
    }

    public boolean matches(String path) {
        List<String> parts = split(path);
        if (parts.size() < segments.size() || (!openEnded && parts.size() != segments.size())) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            if (!expected.equals("*") && !expected.equals(parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> split(String path) {
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }
}
