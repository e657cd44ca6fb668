package com.cardplatform.card.tracking.api;

import com.cardplatform.card.tracking.OperationStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The operation a track request opened (read it later at {@code .../operations/{operationId}}). Registered for
 * reflection because it leaves as the entity of a {@code Response}, whose type Quarkus REST cannot see at build
 * time: in a native executable Jackson would find no properties on it.
 */
@RegisterForReflection
public record TrackResponse(String operationId, OperationStatus status) {
}
