package com.cardplatform.rewards.program.repository;

import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.rewards.paging.Keyset;
import com.cardplatform.rewards.paging.Page;
import com.cardplatform.rewards.paging.PageRequest;
import com.cardplatform.rewards.program.api.CardProgramList;
import com.cardplatform.rewards.program.api.CardProgramView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /partner/card-programs}: the caller's card programs (of all its publishers), a page at a time. */
@ApplicationScoped
public class CardProgramListing {

    private static final String COLUMNS = "a.id, a.publisher_id, a.external_id, a.name, a.currency, "
            + "a.default_country_code, a.default_postal_code, a.created_at, a.updated_at";
    private static final String FIRST = Keyset.sql(COLUMNS, "rewards.card_programs a", "a.owner = $1", false, 2);
    private static final String AFTER = Keyset.sql(COLUMNS, "rewards.card_programs a", "a.owner = $1", true, 2);

    private final Pool pool;

    public CardProgramListing(Pool pool) {
        this.pool = pool;
    }

    public Uni<Page<CardProgramView>> list(String owner, PageRequest page) {
        List<Object> params = new ArrayList<>(4);
        params.add(owner);
        Keyset.addPageParameters(params, page);
        return pool.preparedQuery(page.after() == null ? FIRST : AFTER)
                .execute(Tuple.from(params))
                .map(rows -> Keyset.page(CardProgramList.LIST, rows, page, CardProgramListing::view));
    }

    private static CardProgramView view(Row row) {
        return new CardProgramView(
                Timestamps.format(row.getOffsetDateTime("created_at").toInstant()),
                row.getString("currency"),
                row.getString("default_country_code"),
                row.getString("default_postal_code"),
                row.getString("external_id"),
                row.getString("id"),
                row.getString("name"),
                row.getString("publisher_id"),
                Timestamps.format(row.getOffsetDateTime("updated_at").toInstant()));
    }
}
