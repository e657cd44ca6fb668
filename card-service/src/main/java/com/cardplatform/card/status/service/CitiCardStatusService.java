package com.cardplatform.card.status.service;

import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.ProductType;
import com.cardplatform.card.cards.StatusChangeSource;
import com.cardplatform.card.cards.repository.CardStatusRepository;
import com.cardplatform.card.cards.repository.CardStatusRepository.Audit;
import com.cardplatform.card.cards.repository.CardStatusRepository.Selection;
import com.cardplatform.card.status.StatusAction;
import com.cardplatform.card.status.api.UpdateCardStatusRequest;
import com.cardplatform.errors.ApiError;
import com.cardplatform.guard.idempotency.KeyInTheWrite.KeyRow;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * Citi's block/unblock of an account's cards. Each card is classified by its product type (debit or credit) to
 * find what the code means for it; all the account's cards move or none (one forbidden move, e.g. unblocking a
 * card blocked as lost or stolen, or a code without meaning for the card's product, refuses the whole request
 * with 422). Repeating a request finds the cards already there and changes nothing.
 */
@ApplicationScoped
public class CitiCardStatusService {

    private final CardStatusRepository repository;
    private final StatusCodeTable table;

    public CitiCardStatusService(CardStatusRepository repository, StatusCodeTable table) {
        this.repository = repository;
        this.table = table;
    }

    public Uni<Void> update(String issuerId, UpdateCardStatusRequest request, String requestedBy, String requestId,
            KeyRow key) {
        String customer = request.customerId() == null || request.customerId().isEmpty() ? null : request.customerId();
        String code = request.cardStatusCode();
        String reasonCode = code + (request.blockReasonCode() == null ? "" : ":" + request.blockReasonCode());
        Audit audit = new Audit(StatusChangeSource.CARD_STATUS_API, requestedBy, requestId, null, reasonCode);
        Map<ProductType, CardStatus> targets = new EnumMap<>(ProductType.class);
        for (ProductType type : ProductType.values()) {
            StatusAction action = table.action(type, code);
            if (action != null) {
                targets.put(type, action.target());
            }
        }
        return repository.change(Selection.account(issuerId, request.accountId(), customer), targets, audit, key)
                .map(outcome -> {
                    if (outcome.cards() == 0) {
                        throw ApiError.notFound(null);
                    }
                    if (outcome.refused() > 0) {
                        // the account id identifies a customer: not in the INFO log, only at DEBUG when asked for
                        Log.infof("Card status code %s refused for an account of issuer %s (%d of %d cards cannot)",
                                code, issuerId, outcome.refused(), outcome.cards());
                        Log.debugf("Card status code %s refused for account %s of issuer %s", code,
                                request.accountId(), issuerId);
                        throw ApiError.unprocessable(null);
                    }
                    return null;
                });
    }
}
