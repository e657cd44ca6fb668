package com.cardplatform.card.cards.api;

import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.CardStatusChange;
import com.cardplatform.card.cards.StatusChangeSource;
import com.cardplatform.primitives.time.Timestamps;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One status change of a card: from, to, why, who asked, through which API, when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusChangeView(CardStatus fromStatus, CardStatus toStatus, String reason, String reasonCode,
        StatusChangeSource source, String requestedBy, String requestId, String changedAt) {

    public static StatusChangeView of(CardStatusChange change) {
        return new StatusChangeView(change.fromStatus, change.toStatus, change.reason, change.reasonCode,
                change.source, change.requestedBy, change.requestId, Timestamps.format(change.changedAt));
    }
}
