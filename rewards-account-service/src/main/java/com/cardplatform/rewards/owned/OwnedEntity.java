package com.cardplatform.rewards.owned;

import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.rewards.wire.TripleIds;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * The columns that publishers, card programs and card accounts share: a Triple id, the owning client, the partner's
 * external id (unique within the entity's parent) and the creation and modification times. Every read goes through
 * {@code owner}, so another partner's entity does not exist for the caller.
 */
@MappedSuperclass
public abstract class OwnedEntity {

    @Id
    @Column(name = "id")
    public String id;

    /** The owning client ({@code sub} of its token), copied from the parent below a publisher; never shown. */
    @Column(name = "owner", updatable = false)
    public String owner;

    @Column(name = "external_id", updatable = false)
    public String externalId;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Gives a new entity its identity: a new Triple id, its owner and external id, created and updated now. */
    public void identify(String owner, String externalId) {
        this.id = TripleIds.next();
        this.owner = owner;
        this.externalId = externalId;
        this.createdAt = Timestamps.now();
        this.updatedAt = this.createdAt;
    }
}
