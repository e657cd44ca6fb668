package com.cardplatform.auth.client;

import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.auth.token.TokenRequest;
import com.cardplatform.runtime.security.TokenAudiences;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads the clients named in {@code platform.auth.bootstrap-clients} at start, idempotently: a client that
 * exists is updated (scopes, grant types, issuer, secret, keys), one that does not is created. Secrets are digested
 * at once. The file is the source of truth: a registered client it does not name is disabled (kept, so that its
 * history and id stay reserved, but it obtains no token until the file names it again).
 */
@ApplicationScoped
public class ClientBootstrap {

    static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    /** The advisory lock key of the bootstrap (any constant no other code of the database uses). */
    static final long BOOTSTRAP_LOCK = 0x617574685f626f6fL;

    /** One entry of the bootstrap file (read by Jackson outside REST, so registered for native). */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BootstrapClient(String clientId, String clientSecret, List<String> scopes, String issuerId,
            Boolean enabled, List<JsonNode> keys, List<String> grantTypes) {
    }

    /** The grants a client may be allowed. */
    static final Set<String> GRANT_TYPES = Set.of(TokenRequest.CLIENT_CREDENTIALS, TokenRequest.JWT_BEARER);

    private final AuthConfig config;
    private final SecretDigester digester;
    private final ObjectMapper json;

    public ClientBootstrap(AuthConfig config, SecretDigester digester, ObjectMapper json) {
        this.config = config;
        this.digester = digester;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        load();
    }

    /** Reads the file and brings the registry in line with it (what the start does). */
    public void load() throws Throwable {
        if (config.bootstrapClients().isEmpty() || config.bootstrapClients().get().isBlank()) {
            return;
        }
        Path file = Path.of(config.bootstrapClients().get());
        List<BootstrapClient> clients;
        try {
            clients = json.readValue(Files.readAllBytes(file), new TypeReference<List<BootstrapClient>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read bootstrap clients file " + file + ": " + e.getMessage(), e);
        }
        for (BootstrapClient client : clients) {
            validate(client, file);
        }
        List<String> named = clients.stream().map(BootstrapClient::clientId).toList();
        int disabled = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> serializeBootstrap()
                .chain(() -> upsertAll(clients))
                .chain(() -> disableAllBut(named))));
        Log.infof("Loaded %d bootstrap clients from %s; disabled %d registered clients it does not name",
                clients.size(), file, disabled);
    }

    /**
     * Replicas starting at once on the same database load the file one after the other: a transaction-scoped advisory
     * lock (released at commit), so that two first starts do not both create the same client.
     */
    private static Uni<Void> serializeBootstrap() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select 1 from (select pg_advisory_xact_lock("
                        + BOOTSTRAP_LOCK + ")) lock", Integer.class).getSingleResult())
                .replaceWithVoid();
    }

    private static Uni<Integer> disableAllBut(List<String> named) {
        Instant now = Instant.now();
        return named.isEmpty()
                ? Client.update("enabled = false, updatedAt = ?1 where enabled = true", now)
                : Client.update("enabled = false, updatedAt = ?1 where enabled = true and clientId not in ?2", now,
                        named);
    }

    /** An entry of the file as the registry stores it: the secret digested, lists joined, keys by kid. */
    private record Registration(String clientId, String secretDigest, String scopes, String issuerId, boolean enabled,
            String grantTypes, Map<String, String> keys) {

        /** Whether the registry already holds it exactly so, keys included. */
        boolean heldBy(Client client, Map<String, String> registeredKeys) {
            return client != null && Objects.equals(secretDigest, client.secretDigest) && scopes.equals(client.scopes)
                    && Objects.equals(issuerId, client.issuerId) && enabled == client.enabled
                    && Objects.equals(grantTypes, client.grantTypes) && keys.equals(registeredKeys);
        }
    }

    private Registration registrationOf(BootstrapClient c) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (c.keys() != null) {
            c.keys().forEach(jwk -> keys.put(jwk.path("kid").asText(), jwk.toString()));
        }
        return new Registration(c.clientId(), c.clientSecret() == null ? null : digester.digest(c.clientSecret()),
                String.join(" ", c.scopes()), c.issuerId(), c.enabled() == null || c.enabled(),
                c.grantTypes() == null ? null : String.join(" ", c.grantTypes()), keys);
    }

    /**
     * Writes only the clients whose registration differs from the file: two reads (the named clients and their keys)
     * instead of a find, an update, a delete and the key inserts for every client at every start. With seven clients
     * that was 0.3 s of auth-service's start (bench/results/startup.md), and a new row version of each client.
     */
    private Uni<Void> upsertAll(List<BootstrapClient> clients) {
        List<Registration> wanted = clients.stream().map(this::registrationOf).toList();
        List<String> ids = wanted.stream().map(Registration::clientId).toList();
        return Client.<Client>list("clientId in ?1", ids)
                .chain(registered -> ClientKey.<ClientKey>list("id.clientId in ?1", ids).chain(keys -> {
                    Map<String, Client> byId = new HashMap<>();
                    registered.forEach(client -> byId.put(client.clientId, client));
                    Map<String, Map<String, String>> keysById = new HashMap<>();
                    Map<String, List<ClientKey>> loadedKeys = new HashMap<>();
                    keys.forEach(key -> {
                        keysById.computeIfAbsent(key.id.clientId, id -> new HashMap<>()).put(key.id.kid, key.publicJwk);
                        loadedKeys.computeIfAbsent(key.id.clientId, id -> new ArrayList<>()).add(key);
                    });
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Registration r : wanted) {
                        if (!r.heldBy(byId.get(r.clientId()), keysById.getOrDefault(r.clientId(), Map.of()))) {
                            // upsert's find is answered by the session, which already holds the client; its keys are
                            // replaced by a bulk delete and new rows, so the loaded ones leave the session first
                            List<ClientKey> stale = loadedKeys.getOrDefault(r.clientId(), List.of());
                            chain = chain.chain(() -> Panache.getSession().invoke(session -> stale.forEach(session::detach)))
                                    .chain(() -> upsert(r));
                        }
                    }
                    return chain;
                }));
    }

    private Uni<Void> upsert(Registration r) {
        return Client.<Client>findById(r.clientId())
                .onItem().ifNull().continueWith(() -> {
                    Client fresh = new Client();
                    fresh.clientId = r.clientId();
                    fresh.createdAt = Instant.now();
                    return fresh;
                })
                .chain(client -> {
                    client.secretDigest = r.secretDigest();
                    client.scopes = r.scopes();
                    client.issuerId = r.issuerId();
                    client.enabled = r.enabled();
                    client.grantTypes = r.grantTypes();
                    client.updatedAt = Instant.now();
                    return client.<Client>persist();
                })
                .chain(() -> ClientKey.delete("id.clientId", r.clientId()))
                .chain(() -> persistKeys(r))
                .replaceWithVoid();
    }

    private Uni<Void> persistKeys(Registration r) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, String> jwk : r.keys().entrySet()) {
            ClientKey key = new ClientKey();
            key.id = new ClientKey.Id(r.clientId(), jwk.getKey());
            key.publicJwk = jwk.getValue();
            chain = chain.chain(() -> key.persist()).replaceWithVoid();
        }
        return chain;
    }

    /** Refuses an entry of the file the registry must not hold, naming the client and the rule. */
    public static void validate(BootstrapClient c, Path file) {
        if (c.clientId() == null || !CLIENT_ID.matcher(c.clientId()).matches()) {
            throw new IllegalStateException("Bootstrap client in " + file + " has an invalid clientId");
        }
        if (c.scopes() == null || c.scopes().isEmpty()) {
            throw new IllegalStateException("Bootstrap client " + c.clientId() + " has no scopes");
        }
        String audience = TokenAudiences.audienceFor(c.scopes());
        if (audience == null) {
            throw new IllegalStateException("Bootstrap client " + c.clientId() + " holds internal scopes "
                    + TokenAudiences.INTERNAL_SCOPES + " beside partner scopes: give each kind its own client");
        }
        if (TokenAudiences.INTERNAL.equals(audience) && c.issuerId() != null) {
            throw new IllegalStateException("Bootstrap client " + c.clientId()
                    + " holds internal scopes and is bound to an issuer: internal clients are bound to none");
        }
        if (c.clientSecret() != null && c.clientSecret().length() < 32) {
            throw new IllegalStateException("Bootstrap client " + c.clientId()
                    + " has a secret shorter than 32 characters (256 bits of entropy are expected)");
        }
        if (c.grantTypes() != null) {
            if (c.grantTypes().isEmpty() || !GRANT_TYPES.containsAll(c.grantTypes())) {
                throw new IllegalStateException("Bootstrap client " + c.clientId() + " has grantTypes other than "
                        + TokenRequest.CLIENT_CREDENTIALS + " and " + TokenRequest.JWT_BEARER);
            }
            if (c.grantTypes().contains(TokenRequest.CLIENT_CREDENTIALS) && c.clientSecret() == null) {
                throw new IllegalStateException("Bootstrap client " + c.clientId()
                        + " is allowed client_credentials but has no clientSecret");
            }
            if (c.grantTypes().contains(TokenRequest.JWT_BEARER) && (c.keys() == null || c.keys().isEmpty())) {
                throw new IllegalStateException("Bootstrap client " + c.clientId()
                        + " is allowed the jwt-bearer grant but has no keys");
            }
        }
        if (c.keys() != null) {
            Set<String> kids = new HashSet<>();
            for (JsonNode key : c.keys()) {
                if (!key.hasNonNull("kid") || key.has("d")) {
                    throw new IllegalStateException("Bootstrap client " + c.clientId()
                            + " has a key without kid or with private parts");
                }
                if (!kids.add(key.get("kid").asText())) {
                    throw new IllegalStateException("Bootstrap client " + c.clientId() + " has two keys with kid "
                            + key.get("kid").asText());
                }
            }
        }
    }
}
