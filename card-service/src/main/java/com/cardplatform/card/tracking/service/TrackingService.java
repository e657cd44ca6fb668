package com.cardplatform.card.tracking.service;

import com.cardplatform.card.cards.CardStatus;
import com.cardplatform.card.cards.service.PanDigester;
import com.cardplatform.card.tracking.OperationStatus;
import com.cardplatform.card.tracking.ShipmentStatus;
import com.cardplatform.card.tracking.TrackingOperation;
import com.cardplatform.card.tracking.TrackingType;
import com.cardplatform.card.tracking.config.TrackingConfig;
import com.cardplatform.card.tracking.repository.TrackingRepository;
import com.cardplatform.errors.ApiError;
import com.cardplatform.primitives.time.Timestamps;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;

/**
 * The track request: decrypt and validate the card data, check that the card may be tracked and that the PAN
 * is its own, and open a STANDALONE_TRACKING operation (PENDING). The decrypted data lives only here.
 */
@ApplicationScoped
public class TrackingService {

    private final JweDecryptor decryptor;
    private final CardDataReader reader;
    private final PanDigester digester;
    private final TrackingRepository repository;
    private final boolean decryptOnWorker;

    public TrackingService(JweDecryptor decryptor, CardDataReader reader, PanDigester digester,
            TrackingRepository repository, TrackingConfig config) {
        this.decryptor = decryptor;
        this.reader = reader;
        this.digester = digester;
        this.repository = repository;
        this.decryptOnWorker = config.decryptOnWorker();
    }

    /**
     * Which card statuses allow which tracking: a deleted card is never tracked again; a lost or stolen card is
     * not produced or shipped any more, but its return can be followed.
     */
    public static Set<CardStatus> trackable(TrackingType type) {
        return type == TrackingType.RETURN
                ? EnumSet.of(CardStatus.ACTIVE, CardStatus.BLOCKED, CardStatus.LOST, CardStatus.STOLEN)
                : EnumSet.of(CardStatus.ACTIVE, CardStatus.BLOCKED);
    }

    public Uni<TrackingOperation> track(String issuerId, String cardId, TrackingType type, String encryptedData,
            String requestedBy) {
        Uni<TrackedCardData> data = Uni.createFrom().item(() -> reader.read(decryptor.decrypt(encryptedData), type));
        if (decryptOnWorker) {
            data = data.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return data
                .chain(card -> create(issuerId, cardId, type, card, requestedBy,
                        TrackingRepository.operationId(issuerId, cardId, type, encryptedData)));
    }

    public Uni<TrackingOperation> get(String issuerId, String cardId, String operationId) {
        return repository.find(issuerId, cardId, operationId)
                .onItem().ifNull().failWith(() -> ApiError.notFound("No tracking operation with this id for this card"));
    }

    /**
     * Opens the operation {@code operationId} (derived from the request). The same request again answers the
     * operation it created (its current status), whatever the card's status now: it is the original result of a
     * request whose answer may have been lost (a 503 with {@code Write-Outcome: unknown}).
     */
    private Uni<TrackingOperation> create(String issuerId, String cardId, TrackingType type, TrackedCardData card,
            String requestedBy, String operationId) {
        OffsetDateTime now = OffsetDateTime.ofInstant(Timestamps.now(), ZoneOffset.UTC);
        // a shipment or return with a carrier starts with INFO_RECEIVED, until the carrier's first update
        TrackingOperation operation = new TrackingOperation(operationId, issuerId, cardId, type,
                OperationStatus.PENDING, type.initialDetailsStatus(), null, card.carrier(), card.trackingNumber(),
                card.carrier() == null ? null : ShipmentStatus.INFO_RECEIVED.name(), null, card.trackingUrl(), now,
                null);
        return repository.create(operation, requestedBy, trackable(type), digester.digest(card.pan()))
                .map(result -> {
                    if (result.existing() != null) {
                        Log.debugf("Tracking operation %s of card %s of issuer %s requested again", operationId,
                                cardId, issuerId);
                        return new TrackingOperation(operationId, issuerId, cardId, type, result.existing(),
                                operation.detailsStatus(), null, operation.carrier(), operation.trackingNumber(),
                                operation.shipmentStatus(), null, operation.trackingUrl(), operation.startTime(), null);
                    }
                    if (!result.cardFound()) {
                        throw ApiError.notFound("No card with this cardId for this issuer");
                    }
                    if (!trackable(type).contains(result.cardStatus())) {
                        throw ApiError.operationNotAllowed("track",
                                type + " tracking is not allowed for a " + result.cardStatus() + " card");
                    }
                    if (!result.panMatches()) {
                        throw ApiError.invalidValue(CardDataReader.PREFIX + "pan", "The PAN is not this card's");
                    }
                    Log.debugf("Tracking operation %s (%s) opened for card %s of issuer %s", operation.operationId(),
                            type, cardId, issuerId);
                    return operation;
                });
    }
}
