package com.cardplatform.rewards;

import static com.cardplatform.rewards.TripleErrors.assertError;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.PlatformTestResource;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An unexpected failure is a 500 TripleInternalServerError in the seed's wording, with no internals in the body.
 * The failures are provoked in the database itself (a constraint or a column the service does not know about).
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class InternalErrorTest {

    @Test
    void anUnexpectedDatabaseErrorOnWriteIsAnInternalErrorWithoutInternals() {
        Partner partner = Partner.fresh("internal");
        String id = partner.account(partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog")),
                Partner.unique("acct"));
        TestDatabase.execute("ALTER TABLE rewards.card_accounts ADD CONSTRAINT secret_internal_rule_x9 "
                + "CHECK (default_postal_code <> 'BOOM-500')");
        try {
            assertError(partner.json(Map.of("default_postal_code", "BOOM-500")).patch("/partner/card-accounts/" + id),
                    500, TripleErrors.INTERNAL)
                    .body("content.details", empty())
                    .body(not(containsString("secret_internal_rule_x9")))
                    .body(not(containsString("23514")))
                    .body(not(containsString("card_accounts")));
        } finally {
            TestDatabase.execute("ALTER TABLE rewards.card_accounts DROP CONSTRAINT secret_internal_rule_x9");
        }
        assertEquals("15206", TestDatabase.query("SELECT default_postal_code FROM rewards.card_accounts WHERE id = ?", id)
                .get(0).get("default_postal_code"));
    }

    @Test
    void anUnexpectedDatabaseErrorOnTheLookupIsAnInternalErrorWithoutInternals() {
        Partner partner = Partner.fresh("internal");
        String ext = Partner.unique("acct");
        partner.account(partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog")), ext);
        TestDatabase.execute("ALTER TABLE rewards.card_accounts RENAME COLUMN default_postal_code TO secret_column_x9");
        try {
            assertError(partner.byIds(Map.of("card_account_external_id", ext)), 500, TripleErrors.INTERNAL)
                    .body("content.details", empty())
                    .body(not(containsString("default_postal_code")))
                    .body(not(containsString("secret_column_x9")))
                    .body(not(containsString("42703")));
        } finally {
            TestDatabase.execute("ALTER TABLE rewards.card_accounts RENAME COLUMN secret_column_x9 TO default_postal_code");
        }
        partner.byIds(Map.of("card_account_external_id", ext)).then().statusCode(200);
    }
}
