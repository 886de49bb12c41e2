package io.panels.auth.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.function.Function;

/** One page of a list; {@code nextCursor} is null on the last page. */
@RegisterForReflection
public record Page<T>(List<T> items, String nextCursor) {

    /** Built from up to {@code limit + 1} rows: the extra row only says that there is a next page. */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> map, Function<R, String> cursor) {
        boolean more = rows.size() > limit;
        List<R> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(page.stream().map(map).toList(), more ? cursor.apply(page.get(page.size() - 1)) : null);
    }
}
