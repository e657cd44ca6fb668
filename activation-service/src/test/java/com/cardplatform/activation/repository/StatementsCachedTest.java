package com.cardplatform.activation.repository;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.SqlConnectOptions;
import org.junit.jupiter.api.Test;

/**
 * The reactive client keeps a prepared statement per connection only when its SQL is shorter than 2,048 characters;
 * a longer one is parsed and planned on every execution (a sixth to three quarters of a write's throughput, measured in
 * bench/results). Every statement of activation-service must stay under it.
 */
class StatementsCachedTest {

    @Test
    void everyStatementIsShortEnoughToBePreparedOnce() {
        int limit = SqlConnectOptions.DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT;
        assertTrue(ActivationCodeRepository.UPSERT.length() < limit, "UPSERT: " + ActivationCodeRepository.UPSERT.length());
        assertTrue(ActivationCodeRepository.VERIFY.length() < limit, "VERIFY: " + ActivationCodeRepository.VERIFY.length());
        assertTrue(ActivationCodeRepository.REPEATED.length() < limit, "REPEATED: " + ActivationCodeRepository.REPEATED.length());
    }
}
