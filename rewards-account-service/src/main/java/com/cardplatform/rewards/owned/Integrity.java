package com.cardplatform.rewards.owned;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;

/**
 * Maps PostgreSQL's unique violation (SQLSTATE 23505) on an external id index to a 409 TripleIntegrityError. The
 * unique index is the only judge: no check-then-insert, so two concurrent creations cannot both succeed. A creation
 * refused so is first reported as {@link TakenExternalId}, so that the repetition of the request that created the
 * existing entity can be answered with it (README "Write outcomes").
 */
public final class Integrity {

    private Integrity() {
    }

    /** The refusal of a creation whose external id is taken; {@code candidate} is what it would have created. */
    public static TakenExternalId taken(Object candidate, String entity, String parent) {
        return new TakenExternalId(candidate, duplicateExternalId(entity, parent));
    }

    /** The 409 for a duplicate {@code external_id} under {@code parent} (e.g. "this card program"). */
    public static ApiError duplicateExternalId(String entity, String parent) {
        return ApiError.of(ErrorKind.CONFLICT, "external_id",
                "a " + entity + " with this external_id already exists in " + parent);
    }
}
