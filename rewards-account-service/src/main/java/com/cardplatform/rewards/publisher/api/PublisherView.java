package com.cardplatform.rewards.publisher.api;

import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.rewards.publisher.Publisher;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A publisher as the API shows it (snake_case, alphabetical like the seed's examples). */
@JsonPropertyOrder(alphabetic = true)
public record PublisherView(
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("external_id") String externalId,
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("updated_at") String updatedAt) {

    public static PublisherView of(Publisher p) {
        return new PublisherView(Timestamps.format(p.createdAt), p.externalId, p.id, p.name,
                Timestamps.format(p.updatedAt));
    }
}
