package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSONPath subset data sources use (docs/data-sources.md): {@code $} (the root), {@code .name}
 * and {@code ['name']} (a member), {@code [n]} (an array element, negative from the end),
 * {@code [*]} and {@code .*} (every element or member). Filters, slices, unions and recursive
 * descent are not supported; a path using them is refused when the source is saved. A small own
 * evaluator: no reflection, nothing to register for a native image, and a parse error names its
 * position.
 */
public final class JsonPath {

    private sealed interface Step permits Member, Index, Wildcard {
    }

    private record Member(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Wildcard() implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Whether a mapping source is a path (starts with {@code $}) rather than a plain field name. */
    public static boolean isPath(String source) {
        return source != null && source.startsWith("$");
    }

    /**
     * @throws IllegalArgumentException with the position of the first thing not understood
     */
    public static JsonPath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("must start with $");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.') {
                if (i + 1 < n && text.charAt(i + 1) == '.') {
                    throw new IllegalArgumentException("recursive descent (..) is not supported (at " + i + ")");
                }
                int start = ++i;
                if (i < n && text.charAt(i) == '*') {
                    steps.add(new Wildcard());
                    i++;
                    continue;
                }
                while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("a member name is missing (at " + start + ")");
                }
                steps.add(new Member(text.substring(start, i)));
            } else if (c == '[') {
                int close;
                if (i + 1 < n && (text.charAt(i + 1) == '\'' || text.charAt(i + 1) == '"')) {
                    char quote = text.charAt(i + 1);
                    StringBuilder name = new StringBuilder();
                    int j = i + 2;
                    while (j < n && text.charAt(j) != quote) {
                        if (text.charAt(j) == '\\' && j + 1 < n) {
                            j++;
                        }
                        name.append(text.charAt(j++));
                    }
                    if (j + 1 >= n || text.charAt(j + 1) != ']') {
                        throw new IllegalArgumentException("an unclosed quoted name (at " + i + ")");
                    }
                    steps.add(new Member(name.toString()));
                    i = j + 2;
                    continue;
                }
                close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("an unclosed [ (at " + i + ")");
                }
                String inside = text.substring(i + 1, close).strip();
                if (inside.equals("*")) {
                    steps.add(new Wildcard());
                } else {
                    try {
                        steps.add(new Index(Integer.parseInt(inside)));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("only [n], [*] and ['name'] are supported (at " + i + ")");
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' (at " + i + ")");
            }
        }
        return new JsonPath(text, List.copyOf(steps));
    }

    /** Every node the path selects (none when a member or element is missing). */
    public List<JsonNode> select(JsonNode root) {
        List<JsonNode> current = new ArrayList<>();
        if (root != null) {
            current.add(root);
        }
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                switch (step) {
                    case Member member -> {
                        if (node.isObject() && node.has(member.name())) {
                            next.add(node.get(member.name()));
                        }
                    }
                    case Index index -> {
                        if (node.isArray()) {
                            int at = index.index() < 0 ? node.size() + index.index() : index.index();
                            if (at >= 0 && at < node.size()) {
                                next.add(node.get(at));
                            }
                        }
                    }
                    case Wildcard ignored -> {
                        if (node.isArray() || node.isObject()) {
                            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                                next.add(it.next());
                            }
                        }
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /** The first node selected, or null when the path selects nothing (a missing field). */
    public JsonNode first(JsonNode root) {
        List<JsonNode> selected = select(root);
        return selected.isEmpty() ? null : selected.getFirst();
    }

    /**
     * The records at this path: the elements of the array it selects, or every node it selects
     * when it ends in a wildcard.
     */
    public List<JsonNode> records(JsonNode root) {
        List<JsonNode> selected = select(root);
        if (selected.size() == 1 && selected.getFirst().isArray() && !(steps.isEmpty() ? false : steps.getLast() instanceof Wildcard)) {
            List<JsonNode> elements = new ArrayList<>();
            selected.getFirst().elements().forEachRemaining(elements::add);
            return elements;
        }
        return selected;
    }

    @Override
    public String toString() {
        return text;
    }
}
