package com.cardplatform.rewards.publisher.api;

import com.cardplatform.rewards.paging.Page;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /partner/publishers}: a page of the caller's publishers, in the shape of Triple's lists. */
@JsonPropertyOrder({"next_page_token", "publishers", "total"})
@Schema(name = "Publishers", example = PublisherList.EXAMPLE)
public record PublisherList(
        @JsonProperty("next_page_token") @Schema(nullable = true, description = "Give it as page_token to get the "
                + "next page; null on the last page.")
        String nextPageToken,
        @JsonProperty("publishers") @Schema(required = true, maxItems = 1000,
                description = "The publishers of this page, in the order (created_at, id).")
        List<PublisherView> publishers,
        @JsonProperty("total") @Schema(required = true, minimum = "0",
                description = "The total number of the caller's publishers (over every page).")
        long total) {

    /** The list's name (its JSON field), also the kind of its page tokens. */
    public static final String LIST = "publishers";

    public static final String EXAMPLE = "{\"next_page_token\":null,\"publishers\":[{\"created_at\":"
            + "\"2021-12-01T01:59:59.000Z\",\"external_id\":\"id-for-entity\",\"id\":\"triple-abc-123\","
            + "\"name\":\"Publisher\",\"updated_at\":\"2021-12-01T01:59:59.000Z\"}],\"total\":1}";

    public static PublisherList of(Page<PublisherView> page) {
        return new PublisherList(page.nextPageToken(), page.items(), page.total());
    }
}
