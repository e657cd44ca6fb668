package com.cardplatform.rewards.owned;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Function;

/** The answer to a creation of the Triple API, the same for publishers, card programs and card accounts. */
public final class Creations {

    private Creations() {
    }

    /**
     * 201 with the created object and its {@code Location} ({@code collection} + its id). When its external id is
     * taken, {@code original} tells the same request sent again (e.g. after a 503 whose outcome was unknown), which
     * answers the object it created, from a conflict (409).
     */
    public static <E, V> Uni<Response> created(Uni<E> creation, Function<TakenExternalId, Uni<E>> original,
            Function<E, V> view, Function<V, String> id, String collection) {
        return creation
                .onFailure(TakenExternalId.class).recoverWithUni(taken -> original.apply((TakenExternalId) taken))
                .map(view)
                .map(shown -> Response.created(URI.create(collection + id.apply(shown))).entity(shown).build());
    }
}
