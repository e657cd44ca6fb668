package com.cardplatform.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.auth.client.ClientBootstrap;
import com.cardplatform.auth.client.ClientBootstrap.BootstrapClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the bootstrap file may not say about a client's scopes: internal scopes (the services' own, of their own token
 * audience) are never held beside partner scopes, nor by a client bound to a card issuer. The start fails, naming the
 * client.
 */
class BootstrapClientRulesTest {

    private static final Path FILE = Path.of("clients.json");
    private static final String SECRET = "a-client-secret-0123456789abcdef0123456789";

    private static BootstrapClient client(String issuerId, String... scopes) {
        return new BootstrapClient("some-client", SECRET, List.of(scopes), issuerId, null, null, null);
    }

    @Test
    void aClientHoldingInternalAndPartnerScopesIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClientBootstrap.validate(client(null, "cards:internal", "cards:status"), FILE));
        assertTrue(e.getMessage().contains("some-client") && e.getMessage().contains("beside partner scopes"),
                e.getMessage());
    }

    @Test
    void anInternalClientBoundToAnIssuerIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClientBootstrap.validate(client("ISSUER0001", "events:publish"), FILE));
        assertTrue(e.getMessage().contains("bound to an issuer"), e.getMessage());
    }

    @Test
    void twoKeysWithOneKidAreRefused() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var key = json.readTree("{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1\",\"x\":\"AA\",\"y\":\"AA\"}");
        BootstrapClient twice = new BootstrapClient("some-client", SECRET, List.of("cards:status"), null, null,
                List.of(key, key), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClientBootstrap.validate(twice, FILE));
        assertTrue(e.getMessage().contains("two keys with kid k1"), e.getMessage());
    }

    @Test
    void internalOnlyAndPartnerOnlyClientsAreAccepted() {
        assertDoesNotThrow(() -> ClientBootstrap.validate(client(null, "cards:internal", "events:publish"), FILE));
        assertDoesNotThrow(() -> ClientBootstrap.validate(client("ISSUER0001", "cards:status", "webhooks:manage"),
                FILE));
    }
}
