/**
 * What publishers, card programs and card accounts share as entities a partner owns, in one place so that the three
 * services are only their use cases: the common columns and the identity of a new entity
 * ({@link com.cardplatform.rewards.owned.OwnedEntity}); the caller's entity by id, 404 for a path and 422 for a
 * body's parent ({@link com.cardplatform.rewards.owned.OwnedLookup}); the insert refused by a taken external id and
 * the answer to a repetition ({@link com.cardplatform.rewards.owned.OwnedCreation},
 * {@link com.cardplatform.rewards.owned.TakenExternalId}); and the HTTP answer to a creation
 * ({@link com.cardplatform.rewards.owned.Creations}).
 */
package com.cardplatform.rewards.owned;
