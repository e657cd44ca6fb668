package com.cardplatform.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.errors.ApiError;
import com.cardplatform.notify.delivery.Outcome;
import com.cardplatform.notify.delivery.SafeHttp;
import com.cardplatform.notify.safety.DestinationPolicy;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** SSRF rules with production settings (https only, public addresses only), at registration and at connect time. */
class DestinationPolicyTest {

    private static final DestinationPolicy PROD = new DestinationPolicy(false, false);
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://example.com/hook", // not https
        "https://127.0.0.1/hook", // loopback
        "https://127.1.2.3:8443/hook",
        "https://10.0.0.7/hook", // RFC 1918
        "https://172.16.5.4/hook",
        "https://192.168.1.10/hook",
        "https://169.254.169.254/latest/meta-data", // cloud metadata (link-local)
        "https://100.64.0.1/hook", // CGNAT
        "https://0.0.0.0/hook",
        "https://[::1]/hook",
        "https://[fd00:ec2::254]/latest", // AWS metadata over IPv6 (ULA)
        "https://[fe80::1]/hook",
        "https://[::ffff:127.0.0.1]/hook", // IPv4-mapped loopback
        "https://[64:ff9b::a9fe:a9fe]/latest", // NAT64 of the metadata address
        "https://[64:ff9b:1::a00:7]/hook", // local-use NAT64
        "https://[2002:a9fe:a9fe::1]/latest", // 6to4 of the metadata address
        "https://[2002:7f00:1::1]/hook", // 6to4 of loopback
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook", // Teredo
        "https://localhost/hook", // a name resolving to loopback
        "ftp://example.com/file",
        "https://user:pass@example.com/hook",
        "not a url"})
    void registrationRefusesWithA400NamingTheField(String url) {
        ApiError refused = assertThrows(ApiError.class, () -> PROD.validate("url", url));
        assertEquals(400, refused.status());
        assertEquals("url", refused.field());
    }

    @Test
    void publicAddressesAreAllowedAndDevelopmentSettingsAllowLoopback() throws Exception {
        PROD.validate("url", "https://93.184.216.34/hook");
        PROD.validate("url", "https://[2606:2800:220:1:248:1893:25c8:1946]/hook");
        assertTrue(DestinationPolicy.isPublic(InetAddress.getByName("8.8.8.8")));
        assertFalse(DestinationPolicy.isPublic(InetAddress.getByName("169.254.169.254")));
        assertTrue(DestinationPolicy.isPublic(InetAddress.getByName("2002:808:808::1"))); // 6to4 of 8.8.8.8
        assertTrue(DestinationPolicy.isPublic(InetAddress.getByName("64:ff9b::808:808"))); // NAT64 of 8.8.8.8
        new DestinationPolicy(true, true).validate("url", "http://localhost:8080/hook");
    }

    @Test
    void theConnectTimeCheckRefusesANameThatResolvesToLoopbackAndSendsNothing() {
        try (Receiver receiver = new Receiver()) {
            // https is checked first; allow http here so that the address rule alone decides
            SafeHttp prodLike = new SafeHttp(vertx, new DestinationPolicy(true, false), 2000, 1024, 4);
            Outcome refused = prodLike.post(receiver.url("/hook"), Map.of(), new byte[] {'{', '}'})
                    .await().indefinitely();
            assertNull(refused.statusCode());
            assertTrue(refused.error().startsWith("refused destination"), refused.error());
            assertTrue(refused.error().contains("non-public"), refused.error());
            assertEquals(0, receiver.requests().size());

            // the same request with development settings reaches the receiver: the refusal above was the rule's
            SafeHttp dev = new SafeHttp(vertx, new DestinationPolicy(true, true), 2000, 1024, 4);
            Outcome sent = dev.post(receiver.url("/hook"), Map.of(), new byte[] {'{', '}'}).await().indefinitely();
            assertEquals(204, sent.statusCode());
            assertEquals(1, receiver.requests().size());
            prodLike.close();
            dev.close();
        }
    }

    @Test
    void onlyTheFirstKibibyteOfAnAnswerIsRead() {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(r -> new Receiver.Answer(500, "x".repeat(50_000)));
            SafeHttp http = new SafeHttp(vertx, new DestinationPolicy(true, true), 2000, 1024, 4);
            Outcome outcome = http.post(receiver.url("/big"), Map.of(), new byte[0]).await().indefinitely();
            assertEquals(500, outcome.statusCode());
            assertEquals(1024, outcome.response().length());
            http.close();
        }
    }

    @Test
    void redirectsAreNotFollowed() {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(r -> r.path().equals("/moved") ? new Receiver.Answer(307, "") : new Receiver.Answer(204, ""));
            SafeHttp http = new SafeHttp(vertx, new DestinationPolicy(true, true), 2000, 1024, 4);
            Outcome outcome = http.post(receiver.url("/moved"), Map.of(), new byte[0]).await().indefinitely();
            assertEquals(307, outcome.statusCode());
            assertFalse(outcome.acknowledged());
            assertEquals(1, receiver.requests().size());
            http.close();
        }
    }
}
