package com.cardplatform.rewards.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A card account of a card program (seed 004's CardAccount). */
@Entity
@Table(name = "card_accounts")
public class CardAccount {

    @Id
    @Column(name = "id")
    public String id;

    /** Copied from the card program: the owning client. */
    @Column(name = "owner", updatable = false)
    public String owner;

    @Column(name = "card_program_id", updatable = false)
    public String cardProgramId;

    @Column(name = "external_id", updatable = false)
    public String externalId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public CardAccountStatus status;

    @Column(name = "default_country_code")
    public String defaultCountryCode;

    @Column(name = "default_postal_code")
    public String defaultPostalCode;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
