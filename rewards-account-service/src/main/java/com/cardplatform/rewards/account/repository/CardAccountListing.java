package com.cardplatform.rewards.account.repository;

import com.cardplatform.rewards.account.api.CardAccountList;
import com.cardplatform.rewards.account.api.CardAccountView;
import com.cardplatform.rewards.paging.Keyset;
import com.cardplatform.rewards.paging.Page;
import com.cardplatform.rewards.paging.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * {@code GET /partner/card-accounts}: the caller's card accounts, optionally filtered by Triple's three external
 * ids (any combination, each level filtered by owner like the lookup), a page at a time ({@link Keyset}). Each
 * combination of filters, with and without a cursor, has its own fixed SQL text, prepared once per connection.
 */
@ApplicationScoped
public class CardAccountListing {

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
        ExternalIdFilter filter = new ExternalIdFilter(accountExternalId, programExternalId, publisherExternalId);
        List<Object> params = filter.parameters(owner, 3);
        Keyset.addPageParameters(params, page);
        return pool.preparedQuery(SQL[filter.mask() + (page.after() != null ? 8 : 0)])
                .execute(Tuple.from(params))
                .map(rows -> Keyset.page(CardAccountList.LIST, rows, page, CardAccountLookup::view));
    }

    static String sql(int mask, boolean after) {
        return Keyset.sql(ExternalIdFilter.COLUMNS, ExternalIdFilter.from(mask), ExternalIdFilter.where(mask), after,
                ExternalIdFilter.parameterCount(mask) + 1);
    }
}
