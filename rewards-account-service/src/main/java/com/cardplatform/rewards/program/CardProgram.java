package com.cardplatform.rewards.program;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A card program of a publisher; its default country and postal code are inherited by its card accounts. */
@Entity
@Table(name = "card_programs")
public class CardProgram {

    @Id
    @Column(name = "id")
    public String id;

    /** Copied from the publisher: the owning client. */
    @Column(name = "owner", updatable = false)
    public String owner;

    @Column(name = "publisher_id", updatable = false)
    public String publisherId;

    @Column(name = "external_id", updatable = false)
    public String externalId;

    @Column(name = "name")
    public String name;

    @Column(name = "currency")
    public String currency;

    @Column(name = "default_country_code")
    public String defaultCountryCode;

    @Column(name = "default_postal_code")
    public String defaultPostalCode;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
