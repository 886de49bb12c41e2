package io.panels.auth.domain;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/** Runs one asynchronous step per item, one after the other (Keycloak calls, partition DDL). */
public final class Steps {

    private Steps() {
    }

    public static <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item)).replaceWithVoid();
        }
        return chain;
    }
}
