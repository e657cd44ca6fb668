package com.cardplatform.auth;

import com.cardplatform.testing.TestDatabase;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * auth-service as a partner on the Internet sees it: HTTPS on a port known before the start, so that the issuer is
 * a URL that really serves {@code /.well-known/oauth-authorization-server} ({@code https://localhost:<port>}, a
 * certificate made by the JDK's keytool for {@code localhost}), a configured signing key, a client with a secret
 * and a client whose ES256 and RS256 public keys (made with Nimbus, not with our code) are registered the way every
 * key is: in the bootstrap clients file.
 */
public class InteropTestResource implements QuarkusTestResourceLifecycleManager {

    public static final int HTTPS_PORT = freePort();
    public static final String ISSUER = "https://localhost:" + HTTPS_PORT;

    public static final String PARTNER = "interop-partner";
    public static final String PARTNER_SECRET = randomSecret();
    public static final String D1_CLIENT = "interop-d1";
    public static final ECKey D1_EC = ec("interop-es256");
    public static final RSAKey D1_RSA = rsa("interop-rs256");
    public static final RSAKey SIGNING = rsa("interop-signing");

    private static final String STORE_PASSWORD = randomSecret();
    private static volatile Path keyStore;

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(TestDatabase.quarkusProperties());
        try {
            Path dir = Files.createTempDirectory("auth-interop");
            keyStore = dir.resolve("localhost.p12");
            keytool(keyStore);
            Path signing = dir.resolve("signing.pem");
            Files.writeString(signing, AuthTestResource.pem("PRIVATE KEY", SIGNING.toPrivateKey().getEncoded()));
            Path clients = dir.resolve("clients.json");
            Files.writeString(clients, "["
                    + "{\"clientId\":\"" + PARTNER + "\",\"clientSecret\":\"" + PARTNER_SECRET
                    + "\",\"scopes\":[\"cards:status\",\"cards:tracking\"],\"issuerId\":\"INTEROP001\"},"
                    + "{\"clientId\":\"" + D1_CLIENT + "\",\"scopes\":[\"consumers:operations\",\"cards:tracking\"],"
                    + "\"issuerId\":\"INTEROP002\",\"keys\":[" + D1_EC.toPublicJWK().toJSONString() + ","
                    + D1_RSA.toPublicJWK().toJSONString() + "]}]", StandardCharsets.UTF_8);
            props.put("platform.auth.signing-key-location", signing.toString());
            props.put("platform.auth.secret-pepper", AuthTestResource.PEPPER);
            props.put("platform.auth.signing-key-id", SIGNING.getKeyID());
            props.put("platform.auth.bootstrap-clients", clients.toString());
            props.put("platform.auth.issuer", ISSUER);
            // the token endpoint is left to its default: the issuer + /oauth2/token
            props.put("quarkus.tls.key-store.p12.path", keyStore.toString());
            props.put("quarkus.tls.key-store.p12.password", STORE_PASSWORD);
            props.put("quarkus.http.ssl-port", String.valueOf(HTTPS_PORT));
            props.put("quarkus.http.test-ssl-port", String.valueOf(HTTPS_PORT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return props;
    }

    @Override
    public void stop() {
    }

    /** TLS that trusts exactly the test certificate (host names are still checked). */
    public static SSLSocketFactory trustingTheTestCertificate() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore server = KeyStore.getInstance("PKCS12");
            server.load(in, STORE_PASSWORD.toCharArray());
            Certificate certificate = server.getCertificate("localhost");
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("localhost", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the test certificate: " + e, e);
        }
    }

    private static void keytool(Path store) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "localhost",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "2",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD))
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
