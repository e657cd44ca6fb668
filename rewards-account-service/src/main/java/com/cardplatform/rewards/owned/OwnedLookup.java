package com.cardplatform.rewards.owned;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.rewards.wire.TripleIds;
import io.smallrye.mutiny.Uni;
import java.util.function.BiFunction;

/**
 * The caller's entity named by a Triple id. An id that this service cannot have generated names nothing and is
 * answered without a query; an unknown id and another partner's are the same answer, so that an id says nothing
 * about other partners' entities.
 */
public final class OwnedLookup {

    private OwnedLookup() {
    }

    /** The entity a path names ({@code GET}, {@code PATCH .../{id}}), or 404 TripleInvalidPathError. */
    public static <E> Uni<E> found(String id, String owner, BiFunction<String, String, Uni<E>> findOwned,
            String entity) {
        return byId(id, owner, findOwned)
                .onItem().ifNull().failWith(() -> ApiError.notFound("No " + entity + " with this id"));
    }

    /**
     * The parent a creation's body names in {@code field} (e.g. {@code card_program_id}). A body naming a parent
     * the caller does not have is well formed but cannot be processed: 422 TripleUnprocessableEntity naming the
     * field (404 is kept for the path).
     */
    public static <E> Uni<E> referenced(String id, String owner, BiFunction<String, String, Uni<E>> findOwned,
            String field, String entity) {
        return byId(id, owner, findOwned)
                .onItem().ifNull().failWith(() -> ApiError.of(ErrorKind.UNPROCESSABLE, field,
                        "no " + entity + " of the caller has this id"));
    }

    private static <E> Uni<E> byId(String id, String owner, BiFunction<String, String, Uni<E>> findOwned) {
        return TripleIds.wellFormed(id) ? findOwned.apply(id, owner) : Uni.createFrom().nullItem();
    }
}
