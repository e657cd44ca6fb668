package com.cardplatform.notify.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** {@code POST /internal/events}: the wire contract of platform-events/README.md. */
public record IngestRequest(@NotNull @NotEmpty @Size(max = 500) List<@NotNull @Valid Event> events) {

    public record Event(
            @NotNull UUID id,
            @NotBlank @Size(max = 100) @Pattern(regexp = "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$") String type,
            @NotBlank @Size(max = 200) @Pattern(regexp = "^(issuer|client):[^\\s]+$") String tenant,
            @NotBlank @Size(max = 200) String entityId,
            @NotNull @PositiveOrZero Long sequence,
            @NotNull OffsetDateTime occurredAt,
            @Size(max = 200) String correlationId,
            // W3C trace context, version 00: lower-case hex trace id and span id, two hex flag digits
            @Pattern(regexp = "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$") String traceparent,
            @NotNull ObjectNode data) {
    }
}
