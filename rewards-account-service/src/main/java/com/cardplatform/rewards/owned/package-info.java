/**
 * What publishers, card programs and card accounts share as entities a partner owns: a reference to a parent the
 * caller does not have ({@link com.cardplatform.rewards.owned.References}), the refusal of a taken external id
 * ({@link com.cardplatform.rewards.owned.Integrity}, {@link com.cardplatform.rewards.owned.TakenExternalId}) and the
 * answer to a creation, which tells a repetition from a conflict ({@link com.cardplatform.rewards.owned.Creations}).
 */
package com.cardplatform.rewards.owned;
