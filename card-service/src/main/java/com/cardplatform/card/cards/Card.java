package com.cardplatform.card.cards;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A physical card of an issuer. The PAN is never stored: {@code panDigest} (HMAC-SHA256 with a configured key)
 * recognises it when the tracking hub receives it encrypted, {@code panLastDigits} lets people tell cards apart.
 */
@Entity
@Table(name = "cards")
@IdClass(CardKey.class)
public class Card extends PanacheEntityBase {

    @Id
    @Column(name = "issuer_id")
    public String issuerId;

    @Id
    @Column(name = "card_id")
    public String cardId;

    @Column(name = "consumer_id")
    public String consumerId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "customer_number")
    public String customerNumber;

    @Enumerated(EnumType.STRING)
    @Column(name = "product_type")
    public ProductType productType;

    @Column(name = "program_id")
    public String programId;

    @Column(name = "proxy_number")
    public String proxyNumber;

    @Column(name = "pan_digest")
    public String panDigest;

    @Column(name = "pan_last_digits")
    public String panLastDigits;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public CardStatus status;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "version")
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
