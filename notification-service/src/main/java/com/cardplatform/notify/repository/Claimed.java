package com.cardplatform.notify.repository;

import java.time.Instant;
import java.util.UUID;

/** A delivery claimed for one attempt, with its event and its destination (endpoint or issuer) joined in. */
public record Claimed(
        long deliveryId,
        UUID eventId,
        UUID endpointId,
        String issuerId,
        int attempts,
        Instant createdAt,
        String type,
        String entityId,
        long sequence,
        Instant occurredAt,
        String correlationId,
        String traceparent,
        String dataJson,
        String url,
        byte[] secret,
        byte[] previousSecret,
        Instant previousSecretUntil,
        boolean destinationEnabled,
        String baseUrl,
        String tokenUrl,
        String clientId,
        byte[] clientSecret,
        String scope,
        int maxOperations) {

    public boolean webhook() {
        return endpointId != null;
    }
}
