package com.cardplatform.rewards.program.api;

import com.cardplatform.rewards.paging.Page;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /partner/card-programs}: a page of the caller's card programs, in the shape of Triple's lists. */
@JsonPropertyOrder({"card_programs", "next_page_token", "total"})
@Schema(name = "CardPrograms", example = CardProgramList.EXAMPLE)
public record CardProgramList(
        @JsonProperty("card_programs") @Schema(required = true, maxItems = 1000,
                description = "The card programs of this page, in the order (created_at, id).")
        List<CardProgramView> cardPrograms,
        @JsonProperty("next_page_token") @Schema(nullable = true, description = "Give it as page_token to get the "
                + "next page; null on the last page.")
        String nextPageToken,
        @JsonProperty("total") @Schema(required = true, minimum = "0",
                description = "The total number of the caller's card programs (over every page).")
        long total) {

    /** The list's name (its JSON field), also the kind of its page tokens. */
    public static final String LIST = "card_programs";

    public static final String EXAMPLE = "{\"card_programs\":[{\"created_at\":\"2021-12-01T01:59:59.000Z\","
            + "\"currency\":\"USD\",\"default_country_code\":\"US\",\"default_postal_code\":\"15206\","
            + "\"external_id\":\"id-for-entity\",\"id\":\"triple-abc-123\",\"name\":\"Card program\","
            + "\"publisher_id\":\"triple-abc-123\",\"updated_at\":\"2021-12-01T01:59:59.000Z\"}],"
            + "\"next_page_token\":null,\"total\":1}";

    public static CardProgramList of(Page<CardProgramView> page) {
        return new CardProgramList(page.items(), page.nextPageToken(), page.total());
    }
}
