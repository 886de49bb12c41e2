package io.panels.notification.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A webhook's event-type filters: exact types ({@code row.created}), every action of an entity
 * ({@code row.*}), or everything ({@code *}).
 */
public final class EventFilter {

    private static final Pattern PATTERN = Pattern.compile("\\*|[a-z]+(_[a-z]+)*\\.(\\*|[a-z]+(_[a-z]+)*)");

    private EventFilter() {
    }

    public static boolean isValid(String pattern) {
        return pattern != null && PATTERN.matcher(pattern).matches();
    }

    public static boolean matches(List<String> patterns, String eventType) {
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(eventType)
                    || pattern.endsWith(".*") && eventType.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
