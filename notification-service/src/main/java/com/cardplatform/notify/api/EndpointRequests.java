package com.cardplatform.notify.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/** Bodies of the partner's endpoint management. */
public final class EndpointRequests {

    private EndpointRequests() {
    }

    static final String TYPE = "^(\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+)$";

    public record Create(
            @NotBlank @Size(max = 2048) String url,
            @NotNull @Size(min = 1, max = 50) List<@NotNull @Pattern(regexp = TYPE) String> eventTypes,
            @Size(max = 500) String description) {
    }

    /** Members present are changed; absent (null) ones are kept. */
    public record Patch(
            @Size(min = 1, max = 2048) String url,
            @Size(min = 1, max = 50) List<@NotNull @Pattern(regexp = TYPE) String> eventTypes,
            @Size(max = 500) String description,
            Boolean disabled) {
    }

    public record Recover(@NotNull OffsetDateTime since) {
    }
}
