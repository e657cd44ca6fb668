package com.cardplatform.card.tracking.api;

import com.cardplatform.card.tracking.TrackingType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code operations:track}: what to follow, and the card data as a compact JWE. */
public record TrackRequest(
        @NotNull @Schema(example = "SHIPMENT") TrackingType trackingType,
        @NotBlank @Size(max = 8192)
        @Schema(description = "Compact JWE (ECDH-ES, A256GCM, P-256, kid of a key of /.well-known/tracking-jwks.json) "
                + "of {\"pan\",\"exp\" (MMYY), and for SHIPMENT \"carrier\" (D1's carrier code, e.g. dhl),\"trackingNumber\"}",
                example = "eyJhbGciOiJFQ0RILUVTIiwiZW5jIjoiQTI1NkdDTSIsImtpZCI6InRyYWNraW5nLTIwMjYtMDEiLCJlcGsiOnsia3R5IjoiRUMiLCJ4IjoiLi4uIiwieSI6Ii4uLiIsImNydiI6IlAtMjU2In19..6Yqkr8e3y3a1Xb9c.sz0t....3bYj1Jf4nW8xvBFkm2qzDg")
        String encryptedData) {

    @Override
    public String toString() {
        return "TrackRequest[trackingType=" + trackingType + "]";
    }
}
