package com.cardplatform.rewards.program;

import com.cardplatform.rewards.owned.OwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A card program of a publisher; its default country and postal code are inherited by its card accounts. */
@Entity
@Table(name = "card_programs")
public class CardProgram extends OwnedEntity {

    @Column(name = "publisher_id", updatable = false)
    public String publisherId;

    @Column(name = "name")
    public String name;

    @Column(name = "currency")
    public String currency;

    @Column(name = "default_country_code")
    public String defaultCountryCode;

    @Column(name = "default_postal_code")
    public String defaultPostalCode;
}
