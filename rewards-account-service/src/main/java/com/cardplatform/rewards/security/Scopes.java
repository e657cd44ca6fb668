package com.cardplatform.rewards.security;

/**
 * The OAuth2 scopes of this service (seed 004's {@code triple_auth} scheme). Every endpoint accepts
 * {@link #PUBLISHERS}; the two read-only card account lookups also accept {@link #VIEW_OFFERS}, the scope the seed
 * names as the security requirement of {@code POST /partner/card-account.by-ids}.
 */
public final class Scopes {

    /** "Manage Publisher details, Card Programs, Consumers, Card Accounts, and Transactions". */
    public static final String PUBLISHERS = "api.tripleup.com/partner.publishers";
    /** "View recommended Offers, search Offers, and view Offer details": reads one card account, never writes. */
    public static final String VIEW_OFFERS = "api.tripleup.com/partner.view_offers";

    private Scopes() {
    }
}
