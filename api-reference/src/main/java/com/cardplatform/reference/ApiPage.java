package com.cardplatform.reference;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One partner API's reference page: served at {@code /docs/<slug>} by the service that owns the API, showing the
 * operations of that service's OpenAPI document whose tag is one of {@code tags}.
 *
 * @param slug    the page's path element
 * @param title   the API's name as partners know it
 * @param service the service that publishes the API (and serves the page)
 * @param scopes  the OAuth2 scopes a token needs for the API
 * @param tags    the OpenAPI tags of the API's operations in the service's document
 */
public record ApiPage(String slug, String title, String service, String scopes, Set<String> tags) {

    /** Every partner API of the platform, in the order the index lists them. */
    public static final List<ApiPage> ALL = List.of(
            new ApiPage("d1-tracking", "Thales D1 Tracking Hub", "card-service", "cards:tracking",
                    Set.of("Tracking Hub")),
            new ApiPage("d1-consumers", "Thales D1 consumer operations", "consumer-service", "consumers:operations",
                    Set.of("Operations")),
            new ApiPage("blackhawk", "Blackhawk activation codes", "activation-service", "cards:activation-codes",
                    Set.of("Activation codes")),
            new ApiPage("citi", "Citi card status", "card-service", "cards:status",
                    Set.of("Card status (Citi)")),
            new ApiPage("triple", "Triple card accounts", "rewards-account-service",
                    "api.tripleup.com/partner.publishers (read-only lookups also api.tripleup.com/partner.view_offers)",
                    Set.of("Publishers", "Card programs", "Card accounts")));

    /** The page of a slug. */
    public static Optional<ApiPage> bySlug(String slug) {
        return ALL.stream().filter(p -> p.slug().equals(slug)).findFirst();
    }

    /** Where the page is served. */
    public String path() {
        return "/docs/" + slug;
    }
}
