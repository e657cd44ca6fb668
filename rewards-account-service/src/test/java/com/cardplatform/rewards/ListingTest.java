package com.cardplatform.rewards;

import static com.cardplatform.rewards.TripleErrors.assertError;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.PlatformTestResource;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /partner/publishers}, {@code /partner/card-programs}, {@code /partner/card-accounts}: Triple's list
 * envelope, only the caller's objects, walks across page boundaries without loss or duplicates (also while objects
 * are created and when created_at ties), the 1,000-item limit, the filters of the card account list, and every bad
 * parameter as a TripleBadRequestError naming it.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ListingTest {

    private static final String PUBLISHERS = "/partner/publishers";
    private static final String PROGRAMS = "/partner/card-programs";
    private static final String ACCOUNTS = "/partner/card-accounts";
    private static final String RFC3339_MILLIS = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$";

    /** The JSON field of each list, as Triple names its card account list's ({@code card_accounts}). */
    private static String field(String path) {
        return switch (path) {
            case PUBLISHERS -> "publishers";
            case PROGRAMS -> "card_programs";
            case ACCOUNTS -> "card_accounts";
            default -> throw new IllegalArgumentException(path);
        };
    }

    /** One page as answered, checked for the envelope's shape. */
    private record PageAnswer(List<String> ids, long total, String next, JsonPath json) {
    }

    private static PageAnswer page(RequestSpecification request, String path, Map<String, ?> params) {
        JsonPath json = request.queryParams(params).get(path)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("size()", equalTo(3))
                .extract().jsonPath();
        List<String> ids = json.getList(field(path) + ".id", String.class);
        assertNotNull(ids, "the list is always present, even empty");
        return new PageAnswer(ids, json.getLong("total"), json.getString("next_page_token"), json);
    }

    /** Every page of a walk with page_size {@code size}, each page checked against the size and the total. */
    private static List<PageAnswer> walk(Partner who, String path, int size, Map<String, String> filters) {
        List<PageAnswer> pages = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> params = new LinkedHashMap<>(filters);
            params.put("page_size", Integer.toString(size));
            if (token != null) {
                params.put("page_token", token);
            }
            PageAnswer page = page(who.request(), path, params);
            assertTrue(page.ids().size() <= size, "a page never holds more than page_size items");
            if (page.next() != null) {
                assertEquals(size, page.ids().size(), "only the last page is short");
            }
            pages.add(page);
            token = page.next();
            assertTrue(pages.size() <= 2_000, "the walk ends");
        } while (token != null);
        long total = pages.get(0).total();
        for (PageAnswer page : pages) {
            assertEquals(total, page.total(), "total is the same on every page");
        }
        return pages;
    }

    private static List<String> ids(List<PageAnswer> pages) {
        return pages.stream().flatMap(p -> p.ids().stream()).toList();
    }

    private static void assertNoDuplicates(List<String> ids) {
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no item twice: " + ids);
    }

    private static List<Integer> sizes(List<PageAnswer> pages) {
        return pages.stream().map(p -> p.ids().size()).toList();
    }

    private static Set<String> ownedIds(String table, String owner) {
        return Set.copyOf(ordered(table, owner));
    }

    /**
     * The owner's ids in the documented order, (created_at, id), as PostgreSQL orders them: two objects created
     * in the same millisecond are ordered by id, compared with the database's collation.
     */
    private static List<String> ordered(String table, String owner) {
        return TestDatabase.query("SELECT id FROM rewards." + table + " WHERE owner = ? ORDER BY created_at, id", owner)
                .stream().map(row -> (String) row.get("id")).toList();
    }

    private static List<String> ordered(String table, String owner, List<String> subset) {
        assertEquals(subset.size(), Set.copyOf(subset).size());
        List<String> all = ordered(table, owner);
        assertTrue(all.containsAll(subset), "the database holds " + subset);
        return all.stream().filter(subset::contains).toList();
    }

    // ---- publishers -------------------------------------------------------------------------------------------

    @Test
    void publishersAreListedPageByPageWithoutLossOrDuplicatesAndOnlyTheCallers() {
        Partner partner = Partner.fresh("list");
        Partner other = Partner.fresh("list-other");
        List<String> mine = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String ext = Partner.unique("pub");
            mine.add(partner.publisher(ext));
            if (i % 2 == 0) {
                // created in between, with the same external id: in the middle of the partner's order
                theirs.add(other.publisher(ext));
            }
        }
        List<PageAnswer> pages = walk(partner, PUBLISHERS, 3, Map.of());
        assertEquals(List.of(3, 3, 1), sizes(pages));
        assertNull(pages.get(2).next());
        assertEquals(ordered("publishers", partner.clientId, mine), ids(pages), "every publisher once, in order");
        assertEquals(7, pages.get(0).total());
        assertEquals(Set.copyOf(mine), ownedIds("publishers", partner.clientId));

        List<PageAnswer> theirPages = walk(other, PUBLISHERS, 3, Map.of());
        assertEquals(ordered("publishers", other.clientId, theirs), ids(theirPages),
                "the other partner lists its own, and only its own");
        assertEquals(4, theirPages.get(0).total());

        // other page sizes cut the same list elsewhere, without loss or duplicates
        for (int size : List.of(1, 2, 6, 7, 1000)) {
            assertEquals(ids(pages), ids(walk(partner, PUBLISHERS, size, Map.of())), "page_size " + size);
        }
    }

    @Test
    void aListedPublisherIsTheObjectOfGetById() {
        Partner partner = Partner.fresh("list");
        String id = partner.publisher(Partner.unique("pub"));
        PageAnswer page = page(partner.request(), PUBLISHERS, Map.of());
        assertEquals(List.of(id), page.ids());
        assertNull(page.next());
        assertEquals(1, page.total());
        String byId = partner.request().get(PUBLISHERS + "/" + id).then().statusCode(200).extract().asString();
        assertEquals(JsonPath.from(byId).getMap(""), page.json().getMap("publishers[0]"));
    }

    @Test
    void aPartnerWithoutObjectsGetsEmptyLists() {
        Partner nobody = Partner.fresh("list-empty");
        for (String path : List.of(PUBLISHERS, PROGRAMS, ACCOUNTS)) {
            nobody.request().get(path)
                    .then().statusCode(200)
                    .contentType(ContentType.JSON)
                    .body("size()", equalTo(3))
                    .body(field(path) + ".size()", equalTo(0))
                    .body("total", equalTo(0))
                    .body("next_page_token", nullValue());
        }
    }

    // ---- card programs ----------------------------------------------------------------------------------------

    @Test
    void cardProgramsOfEveryPublisherOfTheCallerAreListedWithoutLossOrDuplicates() {
        Partner partner = Partner.fresh("list");
        Partner other = Partner.fresh("list-other");
        String first = partner.publisher(Partner.unique("pub"));
        String second = partner.publisher(Partner.unique("pub"));
        String foreign = other.publisher(Partner.unique("pub"));
        List<String> mine = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String ext = Partner.unique("prog");
            mine.add(partner.program(i % 2 == 0 ? first : second, ext));
            theirs.add(other.program(foreign, ext));
        }
        List<PageAnswer> pages = walk(partner, PROGRAMS, 2, Map.of());
        assertEquals(List.of(2, 2, 1), sizes(pages));
        assertEquals(ordered("card_programs", partner.clientId, mine), ids(pages));
        assertEquals(5, pages.get(0).total());
        assertEquals(Set.copyOf(mine), ownedIds("card_programs", partner.clientId));
        assertEquals(ordered("card_programs", other.clientId, theirs), ids(walk(other, PROGRAMS, 2, Map.of())));

        JsonPath listed = pages.get(0).json();
        String byId = partner.request().get(PROGRAMS + "/" + ids(pages).get(0)).then().statusCode(200).extract()
                .asString();
        assertEquals(JsonPath.from(byId).getMap(""), listed.getMap("card_programs[0]"));
        assertEquals(9, listed.getMap("card_programs[0]").size());
    }

    // ---- card accounts ----------------------------------------------------------------------------------------

    @Test
    void cardAccountsAreListedInTheSeedsShapeWithoutLossOrDuplicatesAndOnlyTheCallers() {
        Partner partner = Partner.fresh("list");
        Partner other = Partner.fresh("list-other");
        String program = partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog"));
        String foreignProgram = other.program(other.publisher(Partner.unique("pub")), Partner.unique("prog"));
        List<String> mine = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String ext = Partner.unique("acct");
            mine.add(partner.account(program, ext));
            theirs.add(other.account(foreignProgram, ext));
        }
        List<PageAnswer> pages = walk(partner, ACCOUNTS, 2, Map.of());
        assertEquals(List.of(2, 2, 1), sizes(pages));
        assertEquals(ordered("card_accounts", partner.clientId, mine), ids(pages));
        assertEquals(Set.copyOf(mine), ownedIds("card_accounts", partner.clientId));
        assertEquals(ordered("card_accounts", other.clientId, theirs), ids(walk(other, ACCOUNTS, 2, Map.of())));

        // each item is exactly what GET /partner/card-accounts/{id} answers, in the seed's field order
        Response response = partner.request().queryParam("page_size", 1).get(ACCOUNTS);
        String body = response.then().statusCode(200)
                .body("card_accounts[0].size()", equalTo(8))
                .body("card_accounts[0].created_at", org.hamcrest.Matchers.matchesPattern(RFC3339_MILLIS))
                .extract().asString();
        assertTrue(body.startsWith("{\"card_accounts\":[{\"card_program_id\":"), body);
        assertTrue(body.endsWith("\"total\":5}"), body);
        String byId = partner.request().get(ACCOUNTS + "/" + ids(pages).get(0)).then().statusCode(200).extract()
                .asString();
        assertTrue(body.contains(byId), "the listed object is the GET object: " + body);
    }

    @Test
    void cardAccountsAreFilteredByTriplesExternalIdsWithinTheCallersOnly() {
        Partner partner = Partner.fresh("list");
        Partner other = Partner.fresh("list-other");
        String pubExt = Partner.unique("pub");
        String progExt = Partner.unique("prog");
        String sharedExt = Partner.unique("acct");
        String publisher = partner.publisher(pubExt);
        String program = partner.program(publisher, progExt);
        String secondProgram = partner.program(publisher, Partner.unique("prog"));
        String otherPublisherProgram = partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog"));
        String a1 = partner.account(program, sharedExt);
        String a2 = partner.account(program, Partner.unique("acct"));
        String a3 = partner.account(secondProgram, sharedExt);
        String a4 = partner.account(otherPublisherProgram, sharedExt);
        // the intruder uses the very same external ids at every level
        String foreign = other.program(other.publisher(pubExt), progExt);
        other.account(foreign, sharedExt);

        Map<Map<String, String>, List<String>> expected = new LinkedHashMap<>();
        expected.put(Map.of("card_account_external_id", sharedExt), List.of(a1, a3, a4));
        expected.put(Map.of("card_program_external_id", progExt), List.of(a1, a2));
        expected.put(Map.of("publisher_external_id", pubExt), List.of(a1, a2, a3));
        expected.put(Map.of("publisher_external_id", pubExt, "card_account_external_id", sharedExt), List.of(a1, a3));
        expected.put(Map.of("card_program_external_id", progExt, "card_account_external_id", sharedExt), List.of(a1));
        expected.put(Map.of("publisher_external_id", pubExt, "card_program_external_id", progExt,
                "card_account_external_id", sharedExt), List.of(a1));
        expected.put(Map.of(), List.of(a1, a2, a3, a4));
        expected.forEach((filters, ids) -> {
            List<PageAnswer> pages = walk(partner, ACCOUNTS, 1, filters);
            assertEquals(ordered("card_accounts", partner.clientId, ids), ids(pages), "filters " + filters);
            assertEquals(ids.size(), pages.get(0).total(), "total of " + filters);
        });
        // no match is an empty list (not a 404), and a combination that names nothing together too
        for (Map<String, String> none : List.of(Map.of("card_account_external_id", Partner.unique("nobody")),
                Map.of("publisher_external_id", pubExt, "card_program_external_id", Partner.unique("prog")),
                Map.of("card_account_external_id", "123456789"))) {
            PageAnswer page = page(partner.request(), ACCOUNTS, none);
            assertEquals(List.of(), page.ids());
            assertEquals(0, page.total());
            assertNull(page.next());
        }
        // the intruder's filters find its own account only
        assertEquals(1, walk(other, ACCOUNTS, 5, Map.of("card_account_external_id", sharedExt)).get(0).total());
        // a value is taken whole, also with characters that some query parsers take for separators
        String semicolon = Partner.unique("a;b");
        String withSemicolon = partner.account(program, semicolon);
        partner.request().urlEncodingEnabled(false).get(ACCOUNTS + "?card_account_external_id=" + semicolon)
                .then().statusCode(200).body("card_accounts.id", equalTo(List.of(withSemicolon)));
    }

    // ---- stability ----------------------------------------------------------------------------------------------

    @Test
    void aWalkNeverRepeatsNorSkipsAnItemWhileOthersAreCreated() {
        Partner partner = Partner.fresh("list");
        String program = partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog"));
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            before.add(partner.account(program, Partner.unique("acct")));
        }
        PageAnswer first = page(partner.request(), ACCOUNTS, Map.of("page_size", "3"));
        before = ordered("card_accounts", partner.clientId, before);
        assertEquals(before.subList(0, 3), first.ids());

        // created meanwhile: one dated before everything listed so far (an offset would now repeat an item) and one
        // after (it is listed at the end)
        String backDated = "triple-" + Partner.unique("backdated").replace("-", "");
        TestDatabase.query("INSERT INTO rewards.card_accounts (id, owner, card_program_id, external_id, status, "
                + "default_country_code, default_postal_code, created_at, updated_at) VALUES (?, ?, ?, ?, 'ENROLLED', "
                + "'US', '15206', ?, ?) RETURNING id", backDated, partner.clientId, program, Partner.unique("acct"),
                java.sql.Timestamp.from(Instant.parse("2001-01-01T00:00:00Z")),
                java.sql.Timestamp.from(Instant.parse("2001-01-01T00:00:00Z")));
        String later = partner.account(program, Partner.unique("acct"));

        List<String> rest = new ArrayList<>();
        String token = first.next();
        while (token != null) {
            PageAnswer next = page(partner.request(), ACCOUNTS, Map.of("page_size", "3", "page_token", token));
            assertEquals(8, next.total(), "total counts what exists now");
            rest.addAll(next.ids());
            token = next.next();
        }
        List<String> walked = new ArrayList<>(first.ids());
        walked.addAll(rest);
        assertNoDuplicates(walked);
        assertTrue(walked.containsAll(before), "every item that existed when the walk started: " + walked);
        assertTrue(walked.contains(later), "an item created after the walk's position is listed");
        assertFalse(walked.contains(backDated), "an item dated before the position of the walk is not seen by it");
        assertEquals(ordered("card_accounts", partner.clientId).stream().filter(id -> !id.equals(backDated)).toList(),
                walked, "in the documented order");
        // a new walk sees it first
        assertEquals(backDated, page(partner.request(), ACCOUNTS, Map.of("page_size", "1")).ids().get(0));
    }

    @Test
    void itemsCreatedAtTheSameInstantAreOrderedByIdAcrossPageBoundaries() {
        Partner partner = Partner.fresh("list");
        // five publishers of one instant, ids of lower-case hex (ordered alike by Java and any collation)
        TestDatabase.query("INSERT INTO rewards.publishers (id, owner, external_id, name, created_at, updated_at) "
                + "SELECT 'triple-' || md5(? || g), ?, 'tie-' || g, 'Tie', timestamptz '2020-02-02 02:02:02.123456Z', "
                + "timestamptz '2020-02-02 02:02:02.123456Z' FROM generate_series(1, 5) g RETURNING id",
                partner.clientId, partner.clientId);
        List<String> expected = new ArrayList<>(ownedIds("publishers", partner.clientId));
        expected.sort(null);
        assertEquals(5, expected.size());
        for (int size : List.of(1, 2, 3, 4)) {
            List<PageAnswer> pages = walk(partner, PUBLISHERS, size, Map.of());
            assertEquals(expected, ids(pages), "page_size " + size);
        }
        // the microseconds PostgreSQL stored survive the token: nothing is skipped after a tie at that instant
        partner.publisher(Partner.unique("pub"));
        assertEquals(6, ids(walk(partner, PUBLISHERS, 2, Map.of())).size());
    }

    // ---- limits -------------------------------------------------------------------------------------------------

    @Test
    void aPageHoldsAtMostOneThousandItemsAndThatIsTheDefault() {
        Partner partner = Partner.fresh("list-big");
        String publisher = partner.publisher(Partner.unique("pub"));
        String program = partner.program(publisher, Partner.unique("prog"));
        // 1,002 of each (with the two above), inserted in one statement each
        String owner = partner.clientId;
        TestDatabase.query("INSERT INTO rewards.publishers (id, owner, external_id, name, created_at, updated_at) "
                + "SELECT 'triple-' || md5(? || 'u' || g), ?, 'bulk-' || g, 'Bulk', now() + g * interval '1 ms', "
                + "now() + g * interval '1 ms' FROM generate_series(1, 1001) g RETURNING id", owner, owner);
        TestDatabase.query("INSERT INTO rewards.card_programs (id, owner, publisher_id, external_id, name, currency, "
                + "default_country_code, default_postal_code, created_at, updated_at) SELECT 'triple-' || md5(? || 'g' "
                + "|| g), ?, ?, 'bulk-' || g, 'Bulk', 'USD', 'US', '15206', now() + g * interval '1 ms', "
                + "now() + g * interval '1 ms' FROM generate_series(1, 1001) g RETURNING id", owner, owner, publisher);
        TestDatabase.query("INSERT INTO rewards.card_accounts (id, owner, card_program_id, external_id, status, "
                + "default_country_code, default_postal_code, created_at, updated_at) SELECT 'triple-' || md5(? || 'a' "
                + "|| g), ?, ?, 'bulk-' || g, 'ENROLLED', 'US', '15206', now() + g * interval '1 ms', "
                + "now() + g * interval '1 ms' FROM generate_series(1, 1002) g RETURNING id", owner, owner, program);

        Map<String, String> tables = Map.of(PUBLISHERS, "publishers", PROGRAMS, "card_programs",
                ACCOUNTS, "card_accounts");
        for (String path : List.of(PUBLISHERS, PROGRAMS, ACCOUNTS)) {
            PageAnswer first = page(partner.request(), path, Map.of());
            assertEquals(1000, first.ids().size(), path + " without page_size: 1,000");
            assertEquals(1002, first.total(), path);
            assertNotNull(first.next(), path);
            PageAnswer second = page(partner.request(), path, Map.of("page_token", first.next()));
            assertEquals(2, second.ids().size(), path);
            assertNull(second.next(), path);
            List<String> all = new ArrayList<>(first.ids());
            all.addAll(second.ids());
            assertNoDuplicates(all);
            assertEquals(ownedIds(tables.get(path), owner), Set.copyOf(all), path);

            assertEquals(1000, page(partner.request(), path, Map.of("page_size", "1000")).ids().size(), path);
            for (String outOfRange : List.of("1001", "0", "-1", "2147483648", "999999999999999999")) {
                assertError(partner.request().queryParam("page_size", outOfRange).get(path), 400,
                        TripleErrors.BAD_REQUEST)
                        .body("content.details", contains("page_size: must be an integer from 1 to 1000"));
            }
        }
    }

    // ---- bad parameters -------------------------------------------------------------------------------------------

    @Test
    void aPageSizeThatIsNotAnIntegerIsABadRequest() {
        Partner partner = Partner.fresh("list");
        for (String path : List.of(PUBLISHERS, PROGRAMS, ACCOUNTS)) {
            for (String bad : List.of("abc", "1.5", "1e3", " 5", "+5", "0x10", "99999999999999999999")) {
                assertError(partner.request().queryParam("page_size", bad).get(path), 400, TripleErrors.BAD_REQUEST)
                        .body("content.details", contains(startsWith("page_size: must be an integer")));
            }
            assertError(partner.request().queryParam("page_size", "5", "6").get(path), 400, TripleErrors.BAD_REQUEST)
                    .body("content.details", contains("page_size: must be given at most once"));
        }
    }

    @Test
    void anEmptyParameterIsABadRequestNotAnAbsentOne() {
        Partner partner = Partner.fresh("list");
        partner.publisher(Partner.unique("pub"));
        for (String path : List.of(PUBLISHERS, PROGRAMS, ACCOUNTS)) {
            for (String name : List.of("page_size", "page_token")) {
                for (String query : List.of("?" + name + "=", "?" + name)) {
                    assertError(partner.request().urlEncodingEnabled(false).get(path + query), 400,
                            TripleErrors.BAD_REQUEST)
                            .body("content.details", contains(name + ": must not be empty"));
                }
                assertError(partner.request().urlEncodingEnabled(false).get(path + "?" + name + "=&" + name + "="),
                        400, TripleErrors.BAD_REQUEST)
                        .body("content.details", contains(name + ": must be given at most once"));
            }
        }
        // an empty filter would otherwise list every card account
        for (String filter : List.of("publisher_external_id", "card_program_external_id", "card_account_external_id")) {
            assertError(partner.request().urlEncodingEnabled(false).get(ACCOUNTS + "?" + filter + "="), 400,
                    TripleErrors.BAD_REQUEST)
                    .body("content.details", contains(filter + ": must not be empty"));
        }
        // unknown parameters are ignored, like unknown JSON fields
        assertEquals(1, page(partner.request(), PUBLISHERS, Map.of("limit", "0", "offset", "x")).ids().size());
    }

    @Test
    void aPageTokenThatThisListDidNotGiveIsABadRequest() {
        Partner partner = Partner.fresh("list");
        partner.account(partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog")),
                Partner.unique("acct"));
        partner.publisher(Partner.unique("pub"));
        String publishersToken = page(partner.request(), PUBLISHERS, Map.of("page_size", "1")).next();
        assertNotNull(publishersToken);
        List<String> bad = List.of("not a token", "%%%", "abc", b64("card_accounts:12:"),
                b64("card_accounts:x:triple-a"), b64("card_accounts:1:triple-a:b\u0001"),
                b64("card_accounts:999999999999999999:triple-a"), b64("other:1:triple-a"), "A".repeat(201),
                publishersToken, publishersToken + "A");
        for (String token : bad) {
            assertError(partner.request().queryParam("page_token", token).get(ACCOUNTS), 400, TripleErrors.BAD_REQUEST)
                    .body("content.details", contains(startsWith("page_token: is not a next_page_token of this list")));
        }
        // the token of one list is refused by the others
        assertError(partner.request().queryParam("page_token", b64("card_accounts:1:triple-a")).get(PROGRAMS), 400,
                TripleErrors.BAD_REQUEST);
        assertError(partner.request().queryParam("page_token", publishersToken, publishersToken).get(PUBLISHERS), 400,
                TripleErrors.BAD_REQUEST).body("content.details", contains("page_token: must be given at most once"));
        // a well-formed token is a position, nothing more: it lists the caller's items after it
        partner.request().queryParam("page_token", b64("card_accounts:0:triple-a")).get(ACCOUNTS)
                .then().statusCode(200).body("card_accounts.size()", equalTo(1)).body("total", equalTo(1));
    }

    @Test
    void anotherPartnersTokenOnlyMovesTheCallerWithinItsOwnItems() {
        Partner partner = Partner.fresh("list");
        Partner other = Partner.fresh("list-other");
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(partner.publisher(Partner.unique("pub")));
        }
        String theirs = other.publisher(Partner.unique("pub"));
        String theirsToo = other.publisher(Partner.unique("pub"));
        String otherToken = page(other.request(), PUBLISHERS, Map.of("page_size", "1")).next();
        assertNotNull(otherToken);
        PageAnswer answer = page(partner.request(), PUBLISHERS, Map.of("page_token", otherToken));
        assertFalse(answer.ids().contains(theirsToo), "never the other partner's items");
        assertFalse(answer.ids().contains(theirs));
        assertEquals(3, answer.total());
        assertTrue(mine.containsAll(answer.ids()));
    }

    @Test
    void cardAccountFiltersFollowTriplesLimits() {
        Partner partner = Partner.fresh("list");
        for (String filter : List.of("publisher_external_id", "card_program_external_id", "card_account_external_id")) {
            assertError(partner.request().queryParam(filter, "x".repeat(256)).get(ACCOUNTS), 400,
                    TripleErrors.BAD_REQUEST)
                    .body("content.details", contains(filter + ": must be 1 to 255 characters long"));
            assertError(partner.request().urlEncodingEnabled(false).queryParam(filter, "a%00b").get(ACCOUNTS), 400,
                    TripleErrors.BAD_REQUEST)
                    .body("content.details", contains(filter + ": must not contain control characters"));
            assertError(partner.request().queryParam(filter, "a", "b").get(ACCOUNTS), 400, TripleErrors.BAD_REQUEST)
                    .body("content.details", contains(filter + ": must be given at most once"));
            page(partner.request(), ACCOUNTS, Map.of(filter, "x".repeat(255)));
            page(partner.request(), ACCOUNTS, Map.of(filter, "' OR 1=1 --"));
        }
    }

    private static String b64(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
