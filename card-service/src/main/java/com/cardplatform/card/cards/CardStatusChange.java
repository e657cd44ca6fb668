package com.cardplatform.card.cards;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of a card's status history: from, to, why, who asked, through which API, when. */
@Entity
@Table(name = "card_status_history")
public class CardStatusChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "issuer_id")
    public String issuerId;

    @Column(name = "card_id")
    public String cardId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public CardStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public CardStatus toStatus;

    /** Free text given by the requester. */
    @Column(name = "reason")
    public String reason;

    /** The code that caused the change (e.g. Citi {@code F:Y1}, {@code CONSUMER_DELETED}). */
    @Column(name = "reason_code")
    public String reasonCode;

    @Enumerated(EnumType.STRING)
    @Column(name = "source")
    public StatusChangeSource source;

    /** The client ({@code sub} of the access token) that asked. */
    @Column(name = "requested_by")
    public String requestedBy;

    /** The request's id: Citi {@code uuid} or the correlation id. */
    @Column(name = "request_id")
    public String requestId;

    @Column(name = "changed_at")
    public Instant changedAt;
}
