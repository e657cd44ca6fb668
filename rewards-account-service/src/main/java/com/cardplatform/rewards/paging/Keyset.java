package com.cardplatform.rewards.paging;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keyset pagination over one table, in one statement: the count of every row the filter matches (Triple's
 * {@code total}) and one page of them, ordered by {@code (created_at, id)} (unique, so the order is total and
 * deterministic) and started strictly after the previous page's last row. One statement is one snapshot, so
 * {@code total} and the page agree. Rows are never deleted by this API and a row's {@code (created_at, id)} never
 * changes, so a walk page by page sees every row that existed when it started exactly once, whatever is created
 * meanwhile (an offset would shift under such creations and repeat or skip rows). Each page is one range scan of
 * the {@code (owner, created_at, id)} index.
 */
public final class Keyset {

    private Keyset() {
    }

    /**
     * The SQL text: {@code columns} of the entity aliased {@code a} (they must include {@code a.id} and
     * {@code a.created_at}), {@code from} the tables (entity aliased {@code a}), {@code where} the filter using
     * parameters {@code $1..$(next-1)}. With {@code after}, {@code $next} and {@code $next+1} are the previous page's
     * last {@code created_at} and {@code id}; the last parameter is the limit (page size + 1, to know whether
     * another page follows without asking for it).
     */
    public static String sql(String columns, String from, String where, boolean after, int next) {
        String page = "SELECT " + columns + " FROM " + from + " WHERE " + where
                + (after ? " AND (a.created_at, a.id) > ($" + next + ", $" + (next + 1) + ")" : "")
                + " ORDER BY a.created_at, a.id LIMIT $" + (after ? next + 2 : next);
        return "SELECT counted.total, page.* FROM (SELECT count(*) AS total FROM " + from + " WHERE " + where
                + ") counted LEFT JOIN LATERAL (" + page + ") page ON true ORDER BY page.created_at, page.id";
    }

    /** The parameters after the filter's: the cursor (when there is one) and the limit. */
    public static void addPageParameters(List<Object> params, PageRequest request) {
        if (request.after() != null) {
            params.add(request.after().createdAt());
            params.add(request.after().id());
        }
        params.add(request.size() + 1);
    }

    /** The page read from the rows of {@link #sql}; the token of the next page names its last row. */
    public static <T> Page<T> page(String list, RowSet<Row> rows, PageRequest request, Function<Row, T> item) {
        List<T> items = new ArrayList<>(Math.min(request.size(), rows.size()));
        long total = 0;
        String next = null;
        Row last = null;
        for (Row row : rows) {
            total = row.getLong("total");
            if (row.getString("id") == null) {
                break; // an empty page: the count's row alone
            }
            if (items.size() == request.size()) {
                next = PageToken.after(list, last.getOffsetDateTime("created_at"), last.getString("id")).encode();
                break;
            }
            items.add(item.apply(row));
            last = row;
        }
        return new Page<>(items, total, next);
    }
}
