package com.cardplatform.runtime.security;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;

/**
 * Fetches the JWKS that smallrye-jwt verifies with ({@code mp.jwt.verify.publickey.location}, when it is an http(s)
 * URL) every {@code smallrye.jwt.jwks.refresh-interval} minutes, the same interval smallrye-jwt refreshes its own
 * copy with, and tells {@link VerifiedTokenCache} which keys are published: the tokens of a withdrawn key are
 * forgotten within one interval, as smallrye-jwt stops verifying new ones within one interval. A failed fetch
 * changes nothing (the keys last seen stay trusted, as smallrye-jwt keeps its copy). A key file (tests) is read
 * once by smallrye-jwt and never changes, so nothing is fetched. Over https it trusts what smallrye-jwt trusts for
 * the same fetch: the certificates of {@code smallrye.jwt.client.tls.certificate.path} (the platform's internal CA in
 * the Kubernetes prod overlay) when set, else the JVM's trust store; the host name is always checked.
 */
@ApplicationScoped
public class PublishedKeys {

    private final VerifiedTokenCache tokens;
    private final Optional<String> location;
    private final int refreshMinutes;
    private final Optional<String> trustedCertificates;
    private volatile HttpsJwks jwks;

    public PublishedKeys(VerifiedTokenCache tokens, Optional<String> location, int refreshMinutes) {
        this(tokens, location, refreshMinutes, Optional.empty());
    }

    @Inject
    public PublishedKeys(VerifiedTokenCache tokens,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location,
            @ConfigProperty(name = "smallrye.jwt.jwks.refresh-interval", defaultValue = "60") int refreshMinutes,
            @ConfigProperty(name = "smallrye.jwt.client.tls.certificate.path") Optional<String> trustedCertificates) {
        this.tokens = tokens;
        this.location = location.filter(PublishedKeys::isHttp);
        this.refreshMinutes = refreshMinutes;
        this.trustedCertificates = trustedCertificates.map(String::trim).filter(p -> !p.isEmpty());
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        if (location.isEmpty() || refreshMinutes <= 0) {
            return;
        }
        // not at start: auth-service may start at the same time; until a first fetch every verified key is trusted
        vertx.setPeriodic(refreshMinutes * 60_000L, id -> vertx.executeBlocking(() -> {
            refresh();
            return null;
        }, false));
    }

    /** Fetches the JWKS now (blocking) and forgets the tokens of keys it no longer publishes. */
    public boolean refresh() {
        if (location.isEmpty()) {
            return false;
        }
        try {
            if (jwks == null) {
                HttpsJwks fetched = new HttpsJwks(location.get());
                fetched.setRefreshReprieveThreshold(0); // this is the one caller, once an interval
                if (trustedCertificates.isPresent()) {
                    Get get = new Get();
                    get.setTrustedCertificates(certificates(trustedCertificates.get()));
                    fetched.setSimpleHttpGet(get);
                }
                jwks = fetched;
            }
            jwks.refresh();
            List<JsonWebKey> keys = jwks.getJsonWebKeys();
            Set<String> keyIds = keys.stream().map(JsonWebKey::getKeyId).filter(k -> k != null)
                    .collect(Collectors.toSet());
            tokens.keysPublished(keyIds);
            return true;
        } catch (Exception e) {
            Log.warnf("Could not fetch the JWKS %s (%s); the keys seen last stay trusted", location.get(),
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /** Every certificate of a PEM file (a path, or a file: URL as smallrye-jwt accepts it). */
    static List<X509Certificate> certificates(String path) throws IOException, GeneralSecurityException {
        Path file = Path.of(path.startsWith("file:") ? path.substring("file:".length()) : path);
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
    }

    private static boolean isHttp(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }
}
