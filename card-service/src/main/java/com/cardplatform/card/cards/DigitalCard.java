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

/** A wallet token of a card. */
@Entity
@Table(name = "digital_cards")
@IdClass(DigitalCardKey.class)
public class DigitalCard extends PanacheEntityBase {

    @Id
    @Column(name = "issuer_id")
    public String issuerId;

    @Id
    @Column(name = "digital_card_id")
    public String digitalCardId;

    @Column(name = "card_id")
    public String cardId;

    @Enumerated(EnumType.STRING)
    @Column(name = "wallet_provider")
    public WalletProvider walletProvider;

    @Enumerated(EnumType.STRING)
    @Column(name = "device_type")
    public DeviceType deviceType;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public DigitalCardStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
