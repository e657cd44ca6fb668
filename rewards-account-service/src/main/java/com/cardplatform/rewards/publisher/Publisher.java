package com.cardplatform.rewards.publisher;

import com.cardplatform.rewards.owned.OwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A Triple publisher: the top of a partner's hierarchy, owned by the OAuth2 client that created it. */
@Entity
@Table(name = "publishers")
public class Publisher extends OwnedEntity {

    @Column(name = "name")
    public String name;
}
