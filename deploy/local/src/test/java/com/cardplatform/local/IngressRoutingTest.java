package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.local.RouteTable.Route;
import com.cardplatform.reference.ApiPage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The front door routes every API path (taken from the seed documents and the services) to the service the
 * Ingress names for it, with ingress-nginx's matching rules, and refuses what must never leave the cluster.
 */
class IngressRoutingTest {

    static final Path ROOT = Path.of(System.getProperty("platform.root", "../..")).toAbsolutePath().normalize();
    static final RouteTable ROUTES = RouteTable.fromIngressFiles(List.of(ROOT.resolve("deploy/k8s/base/ingress.yaml")));

    /** Request path -> the service that must serve it. */
    static final Map<String, String> SAMPLES = new LinkedHashMap<>();

    static {
        // auth-service: token endpoint, JWKS, RFC 8414 metadata
        SAMPLES.put("/oauth2/token", "auth-service");
        SAMPLES.put("/.well-known/jwks.json", "auth-service");
        SAMPLES.put("/.well-known/oauth-authorization-server", "auth-service");
        // consumer-service: D1 consumer operations (seed 001) and the issuer's consumer lifecycle
        SAMPLES.put("/issuers/ISSUER0001/consumers/CONSUMER-1/operations:delete", "consumer-service");
        SAMPLES.put("/issuers/ISSUER0001/consumers/CONSUMER-1/operations", "consumer-service");
        SAMPLES.put("/issuers/ISSUER0001/consumers/CONSUMER-1/operations/5f3c0b6e-1d9a-4c55-9d3f-0a8a1b2c3d4e", "consumer-service");
        SAMPLES.put("/issuers/ISSUER0001/consumers", "consumer-service");
        SAMPLES.put("/issuers/ISSUER0001/consumers/CONSUMER-1", "consumer-service");
        SAMPLES.put("/issuers/ISSUER0001/consumers/CONSUMER-1/operations:suspend", "consumer-service");
        SAMPLES.put("/issuers/ISSUER0001/consumers/CONSUMER-1/operations:resume", "consumer-service");
        // card-service: a consumer's cards (longer than the consumer-service path, so it wins), the tracking
        // hub (seed 000), issuer cards, Citi card status (seed 003), the tracking encryption key
        SAMPLES.put("/issuers/ISSUER0001/consumers/CONSUMER-1/cards", "card-service");
        SAMPLES.put("/issuers/ISSUER0001/consumers/CONSUMER-1/cards/CARD-1", "card-service");
        SAMPLES.put("/issuers/ISSUER0001/physicalCards/CARD-1/operations:track", "card-service");
        SAMPLES.put("/issuers/ISSUER0001/physicalCards/CARD-1/operations/OP-1", "card-service");
        SAMPLES.put("/issuers/ISSUER0001/cards", "card-service");
        SAMPLES.put("/issuers/ISSUER0001/cards/CARD-1", "card-service");
        SAMPLES.put("/issuers/ISSUER0001/cards/CARD-1/digitalCards", "card-service");
        SAMPLES.put("/issuers/ISSUER0001/cards/CARD-1/statusHistory", "card-service");
        SAMPLES.put("/v1/cards/status/detail", "card-service");
        SAMPLES.put("/.well-known/tracking-jwks.json", "card-service");
        // activation-service: Blackhawk (seed 002)
        SAMPLES.put("/cards/v1/set-activation-codes", "activation-service");
        SAMPLES.put("/cards/v1/verify-activation-code", "activation-service");
        // rewards-account-service: Triple (seed 004)
        SAMPLES.put("/partner/card-account.by-ids", "rewards-account-service");
        SAMPLES.put("/partner/card-accounts/triple-abc123", "rewards-account-service");
        SAMPLES.put("/partner/card-accounts", "rewards-account-service");
        SAMPLES.put("/partner/card-programs/triple-xyz", "rewards-account-service");
        SAMPLES.put("/partner/publishers", "rewards-account-service");
        // card-service: the sandbox's carrier updates
        SAMPLES.put("/simulations/issuers/ISSUER0001/physicalCards/CARD-1/tracking", "card-service");
        // notification-service: a partner's webhook endpoints and events
        SAMPLES.put("/webhooks/endpoints", "notification-service");
        SAMPLES.put("/webhooks/endpoints/ep_1/secret:rotate", "notification-service");
        SAMPLES.put("/webhooks/events/evt_1/attempts", "notification-service");
        // the API reference: the index (card-service) and each API's page, document and Swagger UI's files, served
        // by the service that owns the API
        SAMPLES.put("/docs", "card-service");
        SAMPLES.put("/docs/", "card-service");
        for (ApiPage page : ApiPage.ALL) {
            SAMPLES.put(page.path(), page.service());
            SAMPLES.put(page.path() + "/", page.service());
            SAMPLES.put(page.path() + "/openapi.json", page.service());
            SAMPLES.put(page.path() + "/assets/swagger-ui-bundle.js", page.service());
        }
    }

    /** Paths no route may match: service-to-service, health/metrics/OpenAPI, and near misses. */
    static final List<String> NOT_ROUTED = List.of(
            "/internal/issuers/ISSUER0001/consumers/CONSUMER-1/cards",
            "/internal/cards", "/internal/events", "/webhooks", "/webhooks/", "/simulations/issuers/ISSUER0001",
            "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics", "/q/openapi",
            "/q/swagger-ui", "/", "/issuers", "/issuers/ISSUER0001", "/issuers/ISSUER0001/internal/x",
            "/cards/v1", "/cards/v1/", "/partner", "/partner/", "/v1/cards/status", "/v1/cards/status/detail/x",
            "/oauth2/token/x", "/oauth2/authorize", "/.well-known/other", "/.well-known/jwks.jsonx",
            "/favicon.ico", "/issuers/ISSUER0001/consumersX", "/xpartner/publishers", "/api/v1/cards/status/detail",
            "/docsx", "/docs/x", "/docs/other/openapi.json", "/docs/citix", "/docs/triple-x/assets/a.js", "/doc/citi",
            "/x/docs/citi");

    /** Paths not in normal form: refused before matching (400), never forwarded. */
    static final List<String> NOT_NORMAL = List.of(
            "/issuers/I/consumers/../../internal/x", "/partner/../q/health", "/partner/%2e%2e/q/health",
            "/partner%2Fpublishers", "/partner/publishers%5c..", "/partner//publishers", "/partner/./publishers",
            "/partner/%00", "/partner/%zz", "relative/path", "/partner/%C3%28");

    @Test
    void everyApiPathGoesToTheServiceTheIngressNames() {
        SAMPLES.forEach((path, service) -> {
            Optional<Route> route = RequestPaths.matchable(path).flatMap(ROUTES::match);
            assertTrue(route.isPresent(), path + " is not routed");
            assertEquals(service, route.get().service(), path);
        });
    }

    @Test
    void internalHealthAndUnknownPathsAreNotRouted() {
        for (String path : NOT_ROUTED) {
            Optional<String> matchable = RequestPaths.matchable(path);
            assertTrue(matchable.isEmpty() || ROUTES.match(matchable.get()).isEmpty(),
                    path + " must not be routed, but goes to " + matchable.flatMap(ROUTES::match).map(Route::service));
        }
    }

    @Test
    void pathsNotInNormalFormAreRefusedBeforeMatching() {
        for (String path : NOT_NORMAL) {
            assertTrue(RequestPaths.matchable(path).isEmpty(), path + " must be refused");
        }
        assertEquals(Optional.of("/partner/card accounts"), RequestPaths.matchable("/partner/card%20accounts"));
    }

    @Test
    void matchingIsCaseInsensitiveLikeIngressNginxRegexLocations() {
        assertEquals("card-service", ROUTES.match("/ISSUERS/I/Consumers/C/CARDS").orElseThrow().service());
        assertEquals("rewards-account-service", ROUTES.match("/Partner/publishers").orElseThrow().service());
        assertFalse(ROUTES.match("/Q/health").isPresent());
        assertFalse(ROUTES.match("/INTERNAL/cards").isPresent());
    }

    @Test
    void locationsAreOrderedByDescendingPathLengthSoTheCardPathWinsOverTheConsumerPath() {
        assertTrue(ROUTES.regexMode(), "use-regex is on: every path of the host is a regex location");
        List<Route> order = ROUTES.routes();
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i - 1).path().length() >= order.get(i).path().length(), "order at " + i);
        }
        int cards = indexOf(order, "/issuers/[^/]+/consumers/[^/]+/cards(/.*)?$");
        int consumers = indexOf(order, "/issuers/[^/]+/consumers(/.*)?$");
        assertTrue(cards >= 0 && consumers >= 0 && cards < consumers);
        // Both regexes match a consumer's cards: first match wins, as in NGINX
        String path = "/issuers/I/consumers/C/cards";
        assertTrue(order.get(cards).matches(path) && order.get(consumers).matches(path));
    }

    @Test
    void bodyLimitsAndRateLimitsComeFromTheIngressAnnotations() {
        assertEquals(2L * 1024 * 1024, route("/cards/v1/set-activation-codes").maxBodyBytes());
        assertEquals(16L * 1024, route("/oauth2/token").maxBodyBytes());
        assertEquals(64L * 1024, route("/issuers/I/consumers/C/operations:delete").maxBodyBytes());
        assertEquals(64L * 1024, route("/v1/cards/status/detail").maxBodyBytes());
        assertEquals(16L * 1024, route("/partner/card-account.by-ids").maxBodyBytes());
        long largest = ROUTES.routes().stream().mapToLong(Route::maxBodyBytes).max().orElseThrow();
        assertEquals(route("/cards/v1/set-activation-codes").maxBodyBytes(), largest, "activation is the largest");
        for (Route r : ROUTES.routes()) {
            assertTrue(r.rateLimit().limitsRate() && r.rateLimit().limitsConnections(), r.ingress() + " has no rate limit");
            assertTrue(r.rateLimit().burst() >= r.rateLimit().requestsPerSecond());
        }
        assertEquals(10, route("/oauth2/token").rateLimit().requestsPerSecond());
        assertEquals(50, route("/oauth2/token").rateLimit().burst());
    }

    @Test
    void sizesAndPrefixSemanticsFollowNginxAndKubernetes() {
        assertEquals(1024, RouteTable.parseSize("1k", "t"));
        assertEquals(2 * 1024 * 1024, RouteTable.parseSize("2M", "t"));
        assertEquals(512, RouteTable.parseSize("512", "t"));
        assertEquals(Long.MAX_VALUE, RouteTable.parseSize("0", "t"));
        assertTrue(RouteTable.elementWisePrefix("/foo", "/foo/bar"));
        assertTrue(RouteTable.elementWisePrefix("/foo/", "/foo"));
        assertFalse(RouteTable.elementWisePrefix("/foo", "/foobar"));
    }

    private static Route route(String path) {
        return ROUTES.match(path).orElseThrow(() -> new AssertionError(path + " not routed"));
    }

    private static int indexOf(List<Route> routes, String path) {
        for (int i = 0; i < routes.size(); i++) {
            if (routes.get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }
}
