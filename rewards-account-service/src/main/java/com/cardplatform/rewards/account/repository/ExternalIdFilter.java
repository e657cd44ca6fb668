package com.cardplatform.rewards.account.repository;

import java.util.ArrayList;
import java.util.List;

/**
 * Card accounts filtered by any combination of Triple's three external ids (the card account's, its card program's,
 * its publisher's), each level filtered by owner so that another partner's rows are never joined: what the lookup
 * ({@link CardAccountLookup}) and the list ({@link CardAccountListing}) share. A combination is a bit mask (1 card
 * account, 2 card program, 4 publisher external id); each mask has its own fixed SQL text, so each is prepared once
 * per connection and planned for exactly the indexes it can use.
 */
record ExternalIdFilter(String account, String program, String publisher) {

    /** The columns a card account is read with ({@link CardAccountLookup#view}). */
    static final String COLUMNS = "a.id, a.card_program_id, a.external_id, a.status, "
            + "a.default_country_code, a.default_postal_code, a.created_at, a.updated_at";

    int mask() {
        return (account != null ? 1 : 0) | (program != null ? 2 : 0) | (publisher != null ? 4 : 0);
    }

    /** {@code $1} the owner, then the given ids in mask order; room for {@code more} parameters after them. */
    List<Object> parameters(String owner, int more) {
        List<Object> params = new ArrayList<>(4 + more);
        params.add(owner);
        if (account != null) {
            params.add(account);
        }
        if (program != null) {
            params.add(program);
        }
        if (publisher != null) {
            params.add(publisher);
        }
        return params;
    }

    /**
     * The card accounts {@code a}, joined with the levels the mask filters by: card programs {@code g}, publishers
     * {@code u}.
     */
    static String from(int mask) {
        StringBuilder from = new StringBuilder("rewards.card_accounts a");
        if ((mask & 6) != 0) {
            from.append(" JOIN rewards.card_programs g ON g.id = a.card_program_id");
        }
        if ((mask & 4) != 0) {
            from.append(" JOIN rewards.publishers u ON u.id = g.publisher_id");
        }
        return from.toString();
    }

    /** The condition, parameters {@code $1} to {@code $}{@link #parameterCount}. */
    static String where(int mask) {
        StringBuilder where = new StringBuilder("a.owner = $1");
        int next = 2;
        if ((mask & 1) != 0) {
            where.append(" AND a.external_id = $").append(next++);
        }
        if ((mask & 2) != 0) {
            where.append(" AND g.owner = $1 AND g.external_id = $").append(next++);
        }
        if ((mask & 4) != 0) {
            where.append(" AND u.owner = $1 AND u.external_id = $").append(next);
        }
        return where.toString();
    }

    /** How many parameters {@link #where} uses: the owner and one per id. */
    static int parameterCount(int mask) {
        return 1 + Integer.bitCount(mask);
    }
}
