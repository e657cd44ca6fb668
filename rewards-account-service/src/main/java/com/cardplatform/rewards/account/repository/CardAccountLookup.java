package com.cardplatform.rewards.account.repository;

import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.rewards.account.api.CardAccountView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot path: a card account found by any combination of its three external ids, in one statement on the
 * reactive pool (no ORM session). Each combination has its own fixed SQL text, so each is prepared once per
 * connection and planned for exactly the indexes it can use; {@code LIMIT 2} is enough to tell "one" from
 * "ambiguous". Every level is filtered by owner: another partner's rows are never joined.
 */
@ApplicationScoped
public class CardAccountLookup {

    /** Indexed by a bit mask: 1 card account, 2 card program, 4 publisher external id. */
    private static final String[] SQL = new String[8];

    static {
        for (int mask = 1; mask < 8; mask++) {
            SQL[mask] = sql(mask);
        }
    }

    private final Pool pool;

    public CardAccountLookup(Pool pool) {
        this.pool = pool;
    }

    /** At most two matching accounts (two means ambiguous). At least one id must be non-null. */
    public Uni<List<CardAccountView>> find(String owner, String accountExternalId, String programExternalId,
            String publisherExternalId) {
        ExternalIdFilter filter = new ExternalIdFilter(accountExternalId, programExternalId, publisherExternalId);
        int mask = filter.mask();
        if (mask == 0) {
            throw new IllegalArgumentException("at least one external id is required");
        }
        List<Object> params = filter.parameters(owner, 0);
        return pool.preparedQuery(SQL[mask])
                .execute(Tuple.from(params))
                .map(CardAccountLookup::views);
    }

    static String sql(int mask) {
        return "SELECT " + ExternalIdFilter.COLUMNS + " FROM " + ExternalIdFilter.from(mask) + " WHERE "
                + ExternalIdFilter.where(mask) + " LIMIT 2";
    }

    private static List<CardAccountView> views(RowSet<Row> rows) {
        List<CardAccountView> views = new ArrayList<>(2);
        for (Row row : rows) {
            views.add(view(row));
        }
        return views;
    }

    /** A row holding the columns of {@link ExternalIdFilter#COLUMNS}, as the API shows it. */
    static CardAccountView view(Row row) {
        return new CardAccountView(
                row.getString("card_program_id"),
                Timestamps.format(row.getOffsetDateTime("created_at").toInstant()),
                row.getString("default_country_code"),
                row.getString("default_postal_code"),
                row.getString("external_id"),
                row.getString("id"),
                row.getString("status"),
                Timestamps.format(row.getOffsetDateTime("updated_at").toInstant()));
    }
}
