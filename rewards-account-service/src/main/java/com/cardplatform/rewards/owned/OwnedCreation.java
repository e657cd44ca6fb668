package com.cardplatform.rewards.owned;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.errors.db.DatabaseFailures;
import io.smallrye.mutiny.Uni;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The creation of an entity whose external id is unique within its parent, and the answer to its repetition. The
 * unique index is the only judge (SQLSTATE 23505): no check-then-insert, so two concurrent creations cannot both
 * succeed. A refused creation is reported as {@link TakenExternalId}; once its transaction has rolled back,
 * {@link #original} reads the entity holding the external id and answers it when the request is the one that
 * created it (README "Write outcomes"), else the 409 TripleIntegrityError naming {@code external_id}.
 */
public final class OwnedCreation {

    private OwnedCreation() {
    }

    /**
     * Inserts {@code candidate} with {@code insert}; an external id already used in the parent fails with
     * {@link TakenExternalId}, whose 409 says "a {@code entity} with this external_id already exists in
     * {@code parent}" (e.g. "card account", "this card program").
     */
    public static <E extends OwnedEntity> Uni<E> insert(E candidate, Function<E, Uni<E>> insert, String entity,
            String parent) {
        return insert.apply(candidate)
                .onFailure(DatabaseFailures::uniqueViolation)
                .transform(e -> new TakenExternalId(candidate, ApiError.of(ErrorKind.CONFLICT, "external_id",
                        "a " + entity + " with this external_id already exists in " + parent)));
    }

    /**
     * After {@link #insert} found its external id taken: the entity {@code holder} reads for the refused candidate
     * when {@code sameCreation} says the request is the one that created it, else the 409.
     */
    public static <E extends OwnedEntity> Uni<E> original(TakenExternalId taken, Class<E> type,
            Function<E, Uni<E>> holder, BiPredicate<E, E> sameCreation) {
        E wanted = taken.candidate(type);
        return holder.apply(wanted)
                .map(existing -> existing != null && sameCreation.test(existing, wanted) ? existing : null)
                .onItem().ifNull().failWith(taken::conflict);
    }
}
