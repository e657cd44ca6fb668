package com.cardplatform.rewards.publisher;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Triple publisher: the top of a partner's hierarchy, owned by the OAuth2 client that created it. */
@Entity
@Table(name = "publishers")
public class Publisher {

    @Id
    @Column(name = "id")
    public String id;

    /** The owning client ({@code sub} of its token); never shown. */
    @Column(name = "owner", updatable = false)
    public String owner;

    @Column(name = "external_id", updatable = false)
    public String externalId;

    @Column(name = "name")
    public String name;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
