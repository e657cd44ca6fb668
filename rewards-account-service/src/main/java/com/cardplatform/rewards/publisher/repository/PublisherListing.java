package com.cardplatform.rewards.publisher.repository;

import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.rewards.paging.Keyset;
import com.cardplatform.rewards.paging.Page;
import com.cardplatform.rewards.paging.PageRequest;
import com.cardplatform.rewards.publisher.api.PublisherList;
import com.cardplatform.rewards.publisher.api.PublisherView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /partner/publishers}: the caller's publishers, a page at a time ({@link Keyset}). */
@ApplicationScoped
public class PublisherListing {

    private static final String COLUMNS = "a.id, a.external_id, a.name, a.created_at, a.updated_at";
    private static final String FIRST = Keyset.sql(COLUMNS, "rewards.publishers a", "a.owner = $1", false, 2);
    private static final String AFTER = Keyset.sql(COLUMNS, "rewards.publishers a", "a.owner = $1", true, 2);

    private final Pool pool;

    public PublisherListing(Pool pool) {
        this.pool = pool;
    }

    public Uni<Page<PublisherView>> list(String owner, PageRequest page) {
        List<Object> params = new ArrayList<>(4);
        params.add(owner);
        Keyset.addPageParameters(params, page);
        return pool.preparedQuery(page.after() == null ? FIRST : AFTER)
                .execute(Tuple.from(params))
                .map(rows -> Keyset.page(PublisherList.LIST, rows, page, PublisherListing::view));
    }

    private static PublisherView view(Row row) {
        return new PublisherView(
                Timestamps.format(row.getOffsetDateTime("created_at").toInstant()),
                row.getString("external_id"),
                row.getString("id"),
                row.getString("name"),
                Timestamps.format(row.getOffsetDateTime("updated_at").toInstant()));
    }
}
