package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The vendors' contracts as a partner meets them through the HTTPS front door of the local stack (the module tests
 * prove each point in depth; this proves that the deployment serves them): D1's tracking outcomes and carrier codes,
 * D1's 10-character issuerId before any tenant check, Citi's free-form accountId, and Triple's
 * {@code partner.view_offers} scope on the read-only lookups and the card account list.
 */
@Order(3)
class ToTheLetterIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String ISSUER = LocalSecrets.DEMO_ISSUER;
    static final String PAN = "4000056655665556";

    static SharedStack shared;
    static String d1;

    @BeforeAll
    static void stack() {
        shared = SharedStack.get();
        shared.sensitive(PAN);
        d1 = shared.token("local-d1-issuer");
    }

    @Test
    void aShipmentIsPendingThenSuccessfulWithEachChangeOfShipmentData() throws Exception {
        String card = provisionCard("LT-SHIP-" + RUN, "LT-ACC-" + RUN);
        String trackingNumber = "JD" + RUN + "01";
        JsonNode operation = track(card, "SHIPMENT", "dhl", trackingNumber);
        assertEquals("PENDING", operation.path("status").asText(), operation.toString());
        JsonNode shipment = operation.path("details").path("shipment");
        assertEquals("CARD_SHIPPED", operation.path("details").path("status").asText(), operation.toString());
        assertEquals("dhl", shipment.path("carrier").asText(), operation.toString());
        assertEquals(trackingNumber, shipment.path("trackingNumber").asText());
        assertEquals("INFO_RECEIVED", shipment.path("status").asText());
        assertTrue(shipment.path("trackingUrl").asText().startsWith("https://"), operation.toString());

        carrierEvent(Map.of("eventId", "lt-" + RUN + "-1", "carrier", "dhl", "trackingNumber", trackingNumber,
                "status", "IN_TRANSIT", "occurredAt", "2026-03-03T08:00:00.000Z",
                "message", "Shipment  arrived at the\tsort facility"));
        operation = operation(card, operation.path("operationId").asText());
        assertEquals("SUCCESSFUL", operation.path("status").asText(), operation.toString());
        assertEquals("IN_TRANSIT", operation.path("details").path("shipment").path("status").asText());
        assertEquals("Shipment arrived at the sort facility", operation.path("details").path("shipment").path("message").asText());

        // later changes keep updating the successful operation
        carrierEvent(Map.of("eventId", "lt-" + RUN + "-2", "carrier", "dhl", "trackingNumber", trackingNumber,
                "status", "DELIVERED", "occurredAt", "2026-03-04T10:00:00.000Z"));
        operation = operation(card, operation.path("operationId").asText());
        assertEquals("SUCCESSFUL", operation.path("status").asText(), operation.toString());
        assertEquals("DELIVERED", operation.path("details").path("shipment").path("status").asText());
        assertEquals("CARD_SHIPPED", operation.path("details").path("status").asText());
    }

    @Test
    void productionEndsSuccessfulWithCardShippedAndAnUnknownCarrierCodeIsCarried() throws Exception {
        String card = provisionCard("LT-PROD-" + RUN, "LT-ACC-" + RUN);
        JsonNode operation = track(card, "PRODUCTION", null, null);
        assertEquals("PENDING", operation.path("status").asText(), operation.toString());
        String id = operation.path("operationId").asText();
        carrierEvent(Map.of("eventId", "lt-" + RUN + "-prod", "operationId", id, "status", "PRODUCED",
                "occurredAt", Instant.now().toString(), "productionSite", "FR-GEMENOS-01"));
        operation = operation(card, id);
        assertEquals("SUCCESSFUL", operation.path("status").asText(), operation.toString());
        assertEquals("CARD_SHIPPED", operation.path("details").path("status").asText(), operation.toString());
        assertEquals("FR-GEMENOS-01", operation.path("details").path("productionSite").asText(), operation.toString());

        // a code of D1's shape that this version does not know: carried, with no tracking URL
        JsonNode unknown = track(card, "SHIPMENT", "acme-parcels", "AP" + RUN);
        assertEquals("acme-parcels", unknown.path("details").path("shipment").path("carrier").asText(), unknown.toString());
        JsonNode url = unknown.path("details").path("shipment").path("trackingUrl");
        assertTrue(url.isMissingNode() || url.isNull(), unknown.toString());
    }

    @Test
    void anIssuerIdThatIsNotTenCharactersIsAFormatErrorBeforeAnyTenantCheck() throws Exception {
        for (String issuer : List.of("LOCAL0001", "LOCAL000001")) {
            Api.Response r = Api.call("POST", "/issuers/" + issuer + "/physicalCards/ANY-CARD/operations:track", d1,
                    Map.of("trackingType", "SHIPMENT", "encryptedData", "x"));
            assertEquals(400, r.status(), issuer + ": " + r.body());
            assertEquals("FIELD_INVALID_FORMAT", r.json().path("errorCode").asText(), r.body());
            assertEquals("issuerId", r.json().path("error").asText(), r.body());
        }
    }

    @Test
    void citiTakesAnyAccountIdWithoutControlCharacters() {
        String account = "Cuenta nº " + RUN + " / Ñandú";
        String card = provisionCard("LT-CITI-" + RUN, account);
        String citi = shared.token("local-citi", "cards:status");
        String uuid = UUID.randomUUID().toString();
        Api.Response blocked = Api.call("PUT", "/v1/cards/status/detail", citi,
                Map.of("accountId", account, "cardStatusCode", "F", "blockReasonCode", "Y1"),
                "uuid", uuid, "countryCode", "MX", "businessCode", "BNMX", "ChannelId", "MOBILE", "sid", "lt-" + RUN);
        assertEquals(204, blocked.status(), blocked.body());
        assertEquals(List.of(List.of("BLOCKED")), shared.rows("select status from card.cards where issuer_id = ? "
                + "and card_id = ?", ISSUER, card));

        Api.Response control = Api.call("PUT", "/v1/cards/status/detail", citi,
                Map.of("accountId", "ACC\u0007" + RUN, "cardStatusCode", "F", "blockReasonCode", "Y1"),
                "uuid", uuid, "countryCode", "MX", "businessCode", "BNMX", "ChannelId", "MOBILE", "sid", "lt-" + RUN);
        assertEquals(400, control.status(), control.body());
        assertEquals("accountId", control.json().path("location").asText(), control.body());
    }

    @Test
    void tripleViewOffersReadsTheLookupsAndNothingElse() {
        String publishers = shared.token("local-triple", "api.tripleup.com/partner.publishers");
        String viewOffers = shared.token("local-triple", "api.tripleup.com/partner.view_offers");
        String pub = created(Api.call("POST", "/partner/publishers", publishers,
                Map.of("external_id", "lt-pub-" + RUN, "name", "Letter publisher")));
        String prog = created(Api.call("POST", "/partner/card-programs", publishers, Map.of("publisher_id", pub,
                "external_id", "lt-prog-" + RUN, "name", "Letter program", "currency", "USD",
                "default_country_code", "US", "default_postal_code", "10001")));
        String account = created(Api.call("POST", "/partner/card-accounts", publishers, Map.of("card_program_id", prog,
                "external_id", "lt-acct-" + RUN, "default_country_code", "US", "default_postal_code", "10001",
                "status", "ENROLLED")));

        Api.Response byIds = Api.call("POST", "/partner/card-account.by-ids", viewOffers,
                Map.of("card_account_external_id", "lt-acct-" + RUN, "card_program_external_id", "lt-prog-" + RUN,
                        "publisher_external_id", "lt-pub-" + RUN));
        assertEquals(200, byIds.status(), byIds.body());
        assertEquals(account, byIds.json().path("id").asText());
        Api.Response get = Api.call("GET", "/partner/card-accounts/" + account, viewOffers, null);
        assertEquals(200, get.status(), get.body());
        assertEquals(byIds.json(), get.json());

        Api.Response write = Api.call("POST", "/partner/publishers", viewOffers,
                Map.of("external_id", "lt-pub2-" + RUN, "name", "Not allowed"));
        assertEquals(403, write.status(), write.body());

        Api.Response list = Api.call("GET", "/partner/card-accounts?card_account_external_id=lt-acct-" + RUN,
                publishers, null);
        assertEquals(200, list.status(), list.body());
        assertEquals(1, list.json().path("total").asInt(), list.body());
        assertEquals(account, list.json().path("card_accounts").get(0).path("id").asText(), list.body());
        Api.Response publisherList = Api.call("GET", "/partner/publishers?page_size=1", publishers, null);
        assertEquals(200, publisherList.status(), publisherList.body());
        assertEquals(1, publisherList.json().path("publishers").size(), publisherList.body());
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static String provisionCard(String cardId, String accountId) {
        Api.Response r = Api.call("POST", "/issuers/" + ISSUER + "/cards", d1, Map.of("cardId", cardId,
                "consumerId", "lt-consumer-" + RUN, "accountId", accountId, "productType", "DEBIT", "pan", PAN));
        assertEquals(201, r.status(), r.body());
        return cardId;
    }

    private static JsonNode track(String card, String type, String carrier, String trackingNumber) throws Exception {
        String payload = "{\"pan\":\"" + PAN + "\",\"exp\":\"1230\""
                + (carrier == null ? "" : ",\"carrier\":\"" + carrier + "\",\"trackingNumber\":\"" + trackingNumber + "\"")
                + "}";
        Api.Response r = Api.call("POST", "/issuers/" + ISSUER + "/physicalCards/" + card + "/operations:track", d1,
                Map.of("trackingType", type, "encryptedData", TenantIsolationIT.encryptForTracking(payload)));
        assertEquals(200, r.status(), r.body());
        return operation(card, r.json().path("operationId").asText());
    }

    private static JsonNode operation(String card, String id) {
        Api.Response r = Api.call("GET", "/issuers/" + ISSUER + "/physicalCards/" + card + "/operations/" + id, d1, null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** Carriers and the card bureau reach card-service inside the cluster, not through the front door. */
    private static void carrierEvent(Map<String, String> event) {
        Api.Response r = Api.direct("card-service", "POST", "/internal/carrier-events",
                shared.token(LocalSecrets.CARRIER_CLIENT), event);
        assertEquals(200, r.status(), r.body());
        assertFalse(r.json().path("duplicate").asBoolean(), r.body());
    }

    private static String created(Api.Response r) {
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }
}
