package com.cardplatform.rewards;

import static com.cardplatform.rewards.TripleErrors.assertError;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /partner/card-account.by-ids}: every combination of ids, 404, 409, 400, 415 and tenancy. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class CardAccountLookupTest {

    private Partner partner;
    private String publisherExt;
    private String programExt;
    private String accountExt;
    private String accountId;
    private String programId;

    @BeforeEach
    void hierarchy() {
        partner = Partner.fresh("lookup");
        publisherExt = Partner.unique("pub");
        programExt = Partner.unique("prog");
        accountExt = Partner.unique("acct");
        String publisherId = partner.publisher(publisherExt);
        programId = partner.program(publisherId, programExt);
        accountId = partner.account(programId, accountExt);
    }

    private static Map<String, String> ids(String account, String program, String publisher) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (account != null) {
            ids.put("card_account_external_id", account);
        }
        if (program != null) {
            ids.put("card_program_external_id", program);
        }
        if (publisher != null) {
            ids.put("publisher_external_id", publisher);
        }
        return ids;
    }

    @Test
    void returnsExactlyTheObjectOfGetByIdForEveryCombinationOfIds() {
        String byId = partner.request().get("/partner/card-accounts/" + accountId)
                .then().statusCode(200).extract().asString();
        List<Map<String, String>> combinations = List.of(
                ids(accountExt, null, null), ids(null, programExt, null), ids(null, null, publisherExt),
                ids(accountExt, programExt, null), ids(accountExt, null, publisherExt),
                ids(null, programExt, publisherExt), ids(accountExt, programExt, publisherExt));
        for (Map<String, String> combination : combinations) {
            String found = partner.byIds(combination)
                    .then().statusCode(200)
                    .contentType(ContentType.JSON)
                    .body("id", equalTo(accountId))
                    .extract().asString();
            assertEquals(byId, found, "same body as GET for " + combination.keySet());
        }
    }

    @Test
    void answersWithEveryDocumentedFieldInTheSeedsShape() {
        partner.byIds(ids(accountExt, programExt, publisherExt))
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("size()", equalTo(8))
                .body("card_program_id", equalTo(programId))
                .body("created_at", org.hamcrest.Matchers.matchesPattern("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"))
                .body("updated_at", org.hamcrest.Matchers.matchesPattern("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"))
                .body("default_country_code", equalTo("US"))
                .body("default_postal_code", equalTo("15206"))
                .body("external_id", equalTo(accountExt))
                .body("id", equalTo(accountId))
                .body("id", startsWith("triple-"))
                .body("status", equalTo("ENROLLED"));
    }

    @Test
    void aMismatchedCombinationIsNotFound() {
        assertError(partner.byIds(ids(accountExt, "another-program", null)), 404, TripleErrors.INVALID_PATH);
        assertError(partner.byIds(ids(accountExt, null, "another-publisher")), 404, TripleErrors.INVALID_PATH);
        assertError(partner.byIds(ids(accountExt, programExt, "another-publisher")), 404, TripleErrors.INVALID_PATH);
    }

    @Test
    void unknownIdsAreNotFoundInTheSeedsShape() {
        assertError(partner.byIds(ids(Partner.unique("nobody"), null, null)), 404, TripleErrors.INVALID_PATH)
                .body("content.details", contains("No card account matches these external ids"));
    }

    @Test
    void idsMatchingTwoAccountsAreAConflictThatSaysTheyAreAmbiguous() {
        // the same account external id in a second program of another publisher
        String otherPublisher = partner.publisher(Partner.unique("pub"));
        String otherProgram = partner.program(otherPublisher, Partner.unique("prog"));
        String twin = partner.account(otherProgram, accountExt);

        assertError(partner.byIds(ids(accountExt, null, null)), 409, TripleErrors.INTEGRITY)
                .body("content.details[0]", containsString("ambiguous"));
        // narrowing by program or publisher resolves it
        partner.byIds(ids(accountExt, programExt, null)).then().statusCode(200).body("id", equalTo(accountId));
        partner.byIds(ids(accountExt, null, publisherExt)).then().statusCode(200).body("id", equalTo(accountId));
        partner.byIds(ids(accountExt, null, null)).then().statusCode(409);
        // a program with two accounts is ambiguous when looked up by the program alone
        partner.account(programId, Partner.unique("acct"));
        assertError(partner.byIds(ids(null, programExt, null)), 409, TripleErrors.INTEGRITY)
                .body("content.details[0]", containsString("ambiguous"));
        assertError(partner.byIds(ids(null, null, publisherExt)), 409, TripleErrors.INTEGRITY);
        partner.request().get("/partner/card-accounts/" + twin).then().statusCode(200);
    }

    @Test
    void noIdAtAllIsABadRequest() {
        assertError(partner.byIds(Map.of()), 400, TripleErrors.BAD_REQUEST)
                .body("content.details[0]", containsString("at least one of card_account_external_id"));
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("card_account_external_id", null);
        nulls.put("publisher_external_id", null);
        assertError(partner.byIds(nulls), 400, TripleErrors.BAD_REQUEST);
    }

    @Test
    void anEmptyOrMalformedBodyIsABadRequest() {
        assertError(partner.request().contentType(ContentType.JSON).post("/partner/card-account.by-ids"),
                400, TripleErrors.BAD_REQUEST);
        assertError(partner.request().contentType(ContentType.JSON).body("{\"card_account_external_id\":")
                .post("/partner/card-account.by-ids"), 400, TripleErrors.BAD_REQUEST);
        assertError(partner.request().contentType(ContentType.JSON).body("[]")
                .post("/partner/card-account.by-ids"), 400, TripleErrors.BAD_REQUEST);
        assertError(partner.request().contentType(ContentType.JSON).body("{\"card_account_external_id\":{\"a\":1}}")
                .post("/partner/card-account.by-ids"), 400, TripleErrors.BAD_REQUEST)
                .body("content.details[0]", startsWith("card_account_external_id"));
    }

    @Test
    void aNonJsonContentTypeIsUnsupported() {
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            assertError(partner.request().contentType(type).body("card_account_external_id=" + accountExt)
                    .post("/partner/card-account.by-ids"), 415, TripleErrors.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    @Test
    void everyIdFollowsTheExternalIdRules() {
        for (String field : List.of("card_account_external_id", "card_program_external_id", "publisher_external_id")) {
            for (String invalid : List.of("", "123456789", "123-45-6789", "x".repeat(256), "bad\u0000id")) {
                assertError(partner.byIds(Map.of(field, invalid)), 400, TripleErrors.BAD_REQUEST)
                        .body("content.details[0]", startsWith(field + ": "));
            }
            for (String valid : List.of("12345678", "123-45-67890", "1234567890", "x".repeat(255))) {
                assertError(partner.byIds(Map.of(field, valid)), 404, TripleErrors.INVALID_PATH);
            }
        }
    }

    @Test
    void anotherPartnerNeverSeesTheAccount() {
        Partner other = Partner.fresh("intruder");
        for (Map<String, String> combination : List.of(ids(accountExt, null, null), ids(null, programExt, null),
                ids(null, null, publisherExt), ids(accountExt, programExt, publisherExt))) {
            assertError(other.byIds(combination), 404, TripleErrors.INVALID_PATH);
        }
        // even when the intruder has an account with the same external ids, it finds only its own
        String intruderPublisher = other.publisher(publisherExt);
        String intruderProgram = other.program(intruderPublisher, programExt);
        String intruderAccount = other.account(intruderProgram, accountExt);
        other.byIds(ids(accountExt, programExt, publisherExt)).then().statusCode(200).body("id", equalTo(intruderAccount));
        other.byIds(ids(accountExt, null, null)).then().statusCode(200).body("id", equalTo(intruderAccount));
        partner.byIds(ids(accountExt, null, null)).then().statusCode(200).body("id", equalTo(accountId));
    }

    @Test
    void unknownFieldsAreIgnoredButTheIdsStillCount() {
        Map<String, Object> body = new LinkedHashMap<>(ids(accountExt, null, null));
        body.put("something_else", "x");
        partner.byIds(body).then().statusCode(200).body("id", equalTo(accountId));
    }

    @Test
    void aNumericIdIsReadAsItsDigits() {
        // JSON numbers are coerced to strings: a 9-digit number is refused like the string
        assertError(partner.request().contentType(ContentType.JSON).body("{\"card_account_external_id\":123456789}")
                .post("/partner/card-account.by-ids"), 400, TripleErrors.BAD_REQUEST)
                .body("content.details", hasItem(startsWith("card_account_external_id: ")));
    }
}
