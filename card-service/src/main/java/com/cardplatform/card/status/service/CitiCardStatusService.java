package com.cardplatform.card.status.service;

import com.cardplatform.card.cards.CardLifecycle;
import com.cardplatform.card.cards.StatusChangeSource;
import com.cardplatform.card.cards.repository.CardStatusRepository;
import com.cardplatform.card.cards.repository.CardStatusRepository.Audit;
import com.cardplatform.card.cards.repository.CardStatusRepository.Change;
import com.cardplatform.card.cards.repository.CardStatusRepository.LockedCard;
import com.cardplatform.card.status.StatusAction;
import com.cardplatform.card.status.api.UpdateCardStatusRequest;
import com.cardplatform.errors.ApiError;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Citi's block/unblock of an account's cards. All the account's cards move or none: the cards are locked, each
 * is classified (debit or credit) to find what the code means for it, and one forbidden move (e.g. unblocking a
 * card blocked as lost or stolen) refuses the whole request with 422. Repeating a request changes nothing.
 */
@ApplicationScoped
public class CitiCardStatusService {

    private final Pool pool;
    private final CardStatusRepository repository;
    private final StatusCodeTable table;

    public CitiCardStatusService(Pool pool, CardStatusRepository repository, StatusCodeTable table) {
        this.pool = pool;
        this.repository = repository;
        this.table = table;
    }

    public Uni<Void> update(String issuerId, UpdateCardStatusRequest request, String requestedBy, String requestId) {
        String customer = request.customerId() == null || request.customerId().isEmpty() ? null : request.customerId();
        String reasonCode = request.cardStatusCode()
                + (request.blockReasonCode() == null ? "" : ":" + request.blockReasonCode());
        Audit audit = new Audit(StatusChangeSource.CARD_STATUS_API, requestedBy, requestId, null, reasonCode);
        return pool.withTransaction(connection -> repository.lockByAccount(connection, issuerId, request.accountId(),
                        customer)
                .chain(cards -> apply(connection, issuerId, cards, request.cardStatusCode(), audit)));
    }

    private Uni<Void> apply(SqlConnection connection, String issuerId, List<LockedCard> cards, String code,
            Audit audit) {
        if (cards.isEmpty()) {
            return Uni.createFrom().failure(ApiError.notFound(null));
        }
        List<Change> changes = new ArrayList<>(cards.size());
        for (LockedCard card : cards) {
            StatusAction action = table.action(card.productType(), code);
            if (action == null) {
                Log.infof("Card status code %s is not configured for %s cards (card %s)", code, card.productType(),
                        card.cardId());
                return Uni.createFrom().failure(ApiError.unprocessable(null));
            }
            switch (CardLifecycle.decide(card.status(), card.statusReason(), action.target(), audit.statusReason())) {
                case CHANGE -> changes.add(new Change(card.cardId(), card.status(), action.target()));
                case FORBIDDEN -> {
                    Log.infof("Card status code %s (%s) refused for %s card %s", code, action, card.status(),
                            card.cardId());
                    return Uni.createFrom().failure(ApiError.unprocessable(null));
                }
                case NO_CHANGE -> {
                    // already there: a repeated request is harmless
                }
            }
        }
        return repository.apply(connection, issuerId, changes, audit)
                .replaceWithVoid();
    }
}
