/**
 * What the Triple API (seed 004) accepts and shows, whatever the entity: its ids
 * ({@link com.cardplatform.rewards.wire.TripleIds}), the partners' external ids
 * ({@link com.cardplatform.rewards.wire.ExternalId}), the documented value patterns
 * ({@link com.cardplatform.rewards.wire.Codes}) and the rule that a write has a body
 * ({@link com.cardplatform.rewards.wire.Bodies}).
 */
package com.cardplatform.rewards.wire;
