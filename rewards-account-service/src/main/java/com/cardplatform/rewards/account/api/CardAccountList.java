package com.cardplatform.rewards.account.api;

import com.cardplatform.rewards.paging.Page;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /partner/card-accounts}: Triple's "Card Accounts" ({@code card_accounts}, at most 1,000, and
 * {@code total}), and {@code next_page_token} to page through more than one page (null on the last page).
 */
@JsonPropertyOrder({"card_accounts", "next_page_token", "total"})
@Schema(name = "CardAccounts", example = CardAccountList.EXAMPLE)
public record CardAccountList(
        @JsonProperty("card_accounts") @Schema(required = true, maxItems = 1000,
                description = "The card accounts of this page, in the order (created_at, id).")
        List<CardAccountView> cardAccounts,
        @JsonProperty("next_page_token") @Schema(nullable = true, description = "Give it as page_token to get the "
                + "next page; null on the last page.")
        String nextPageToken,
        @JsonProperty("total") @Schema(required = true, minimum = "0",
                description = "The total number of card accounts (that match the filters, over every page).")
        long total) {

    /** The list's name (its JSON field), also the kind of its page tokens. */
    public static final String LIST = "card_accounts";

    public static final String EXAMPLE = "{\"card_accounts\":[" + CardAccountView.EXAMPLE + "],"
            + "\"next_page_token\":null,\"total\":1}";

    public static CardAccountList of(Page<CardAccountView> page) {
        return new CardAccountList(page.items(), page.nextPageToken(), page.total());
    }
}
