package com.cardplatform.card.config;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The reactive pool as Quarkus configures it, with a larger SQL length limit for the prepared statement cache.
 * <p>
 * The Vert.x client caches a prepared statement per connection only when its SQL is shorter than 2,048 characters
 * ({@link SqlConnectOptions#DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT}), and Quarkus has no setting for it.
 * The status change of {@link com.cardplatform.card.cards.repository.CardStatusRepository} is one statement of
 * about 3,600 characters (the lifecycle table is written into it), so with the default it was parsed, analysed
 * and planned again on every request: 1.3 ms of PostgreSQL CPU per status update, four times the cost of
 * running it (measured, see bench/results/card.md). With the limit raised it is prepared once per connection.
 */
@Singleton
public class StatementCachePoolCreator implements PgPoolCreator {

    /** Longest SQL the statement cache keeps; every statement of card-service is well under it. */
    public static final int CACHE_SQL_LIMIT = 8192;

    @Override
    public Pool create(Input input) {
        List<SqlConnectOptions> databases = new ArrayList<>(input.pgConnectOptionsList().size());
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            databases.add(options.setPreparedStatementCacheSqlLimit(CACHE_SQL_LIMIT));
        }
        return PgBuilder.pool()
                .with(input.poolOptions())
                .connectingTo(databases)
                .using(input.vertx())
                .build();
    }
}
