package com.cardplatform.card;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.cards.repository.CardStatusRepository.Selection;
import com.cardplatform.card.config.StatementCachePoolCreator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The status change statements are longer than the Vert.x client's default statement cache limit (which is why
 * {@link StatementCachePoolCreator} raises it) and must stay under the raised one: a statement over it is silently
 * parsed and planned again on every request (no application needed).
 */
class StatementCacheTest {

    @Test
    void statusStatementsFitTheStatementCache() {
        for (Selection selection : List.of(Selection.card("i", "c"), Selection.account("i", "a", null),
                Selection.consumer("i", "c"))) {
            int length = selection.sql().length();
            assertTrue(length < StatementCachePoolCreator.CACHE_SQL_LIMIT,
                    "status statement of " + length + " characters is not cached");
        }
    }
}
