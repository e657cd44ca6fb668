package com.cardplatform.rewards.account;

import com.cardplatform.rewards.owned.OwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** A card account of a card program (seed 004's CardAccount). */
@Entity
@Table(name = "card_accounts")
public class CardAccount extends OwnedEntity {

    @Column(name = "card_program_id", updatable = false)
    public String cardProgramId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public CardAccountStatus status;

    @Column(name = "default_country_code")
    public String defaultCountryCode;

    @Column(name = "default_postal_code")
    public String defaultPostalCode;
}
