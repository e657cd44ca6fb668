package com.cardplatform.rewards.account.repository;

import com.cardplatform.rewards.account.api.CardAccountView;
import com.cardplatform.rewards.account.api.CardAccountList;
import com.cardplatform.rewards.shared.Keyset;
import com.cardplatform.rewards.shared.Page;
import com.cardplatform.rewards.shared.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /partner/card-accounts}: the caller's card accounts, optionally filtered by Triple's three external
 * ids (any combination, each level filtered by owner like the lookup), a page at a time ({@link Keyset}). Each
 * combination of filters, with and without a cursor, has its own fixed SQL text, prepared once per connection.
 */
@ApplicationScoped
public class CardAccountListing {

    private static final String COLUMNS = "a.id, a.card_program_id, a.external_id, a.status, "
            + "a.default_country_code, a.default_postal_code, a.created_at, a.updated_at";

    /** Indexed by the filter mask (1 card account, 2 card program, 4 publisher external id) and cursor (+8). */
    private static final String[] SQL = new String[16];

    static {
        for (int mask = 0; mask < 8; mask++) {
            SQL[mask] = sql(mask, false);
            SQL[mask + 8] = sql(mask, true);
        }
    }

    private final Pool pool;

    public CardAccountListing(Pool pool) {
        this.pool = pool;
    }

    public Uni<Page<CardAccountView>> list(String owner, String accountExternalId, String programExternalId,
            String publisherExternalId, PageRequest page) {
        int mask = (accountExternalId != null ? 1 : 0) | (programExternalId != null ? 2 : 0)
                | (publisherExternalId != null ? 4 : 0);
        List<Object> params = new ArrayList<>(7);
        params.add(owner);
        if (accountExternalId != null) {
            params.add(accountExternalId);
        }
        if (programExternalId != null) {
            params.add(programExternalId);
        }
        if (publisherExternalId != null) {
            params.add(publisherExternalId);
        }
        Keyset.addPageParameters(params, page);
        return pool.preparedQuery(SQL[mask + (page.after() != null ? 8 : 0)])
                .execute(Tuple.from(params))
                .map(rows -> Keyset.page(CardAccountList.LIST, rows, page, CardAccountLookup::view));
    }

    static String sql(int mask, boolean after) {
        boolean account = (mask & 1) != 0;
        boolean program = (mask & 2) != 0;
        boolean publisher = (mask & 4) != 0;
        StringBuilder from = new StringBuilder("rewards.card_accounts a");
        if (program || publisher) {
            from.append(" JOIN rewards.card_programs g ON g.id = a.card_program_id");
        }
        if (publisher) {
            from.append(" JOIN rewards.publishers u ON u.id = g.publisher_id");
        }
        StringBuilder where = new StringBuilder("a.owner = $1");
        int next = 2;
        if (account) {
            where.append(" AND a.external_id = $").append(next++);
        }
        if (program) {
            where.append(" AND g.owner = $1 AND g.external_id = $").append(next++);
        }
        if (publisher) {
            where.append(" AND u.owner = $1 AND u.external_id = $").append(next++);
        }
        return Keyset.sql(COLUMNS, from.toString(), where.toString(), after, next);
    }
}
