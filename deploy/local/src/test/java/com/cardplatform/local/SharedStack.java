package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * The ONE local stack of a test JVM, shared by every IT class of this module (starting it costs a minute or more
 * on a busy 2-core machine): started on first use on free ports with its own data directory
 * ({@code target/local-stack-it}), rate limits off (the tests come from one address; {@code FrontDoorTest}
 * covers the limits), services run from a snapshot of their packaged jars (so that a rebuild of a module during
 * the run cannot pull a jar from under a running or restarting service). Closed when the JUnit Platform session
 * ends ({@link StackSessionListener}) or, failing that, at JVM exit.
 *
 * <p>Also what the tests need around it: an HTTPS client trusting the stack's certificate, tokens from the token
 * endpoint, tokens minted with the stack's real signing key (for expired/not-yet-valid/wrong-issuer/... variants),
 * JDBC to the stack's database, and the registry of sensitive values used by the tests, which the log scan
 * ({@link LogHygieneIT}) looks for.</p>
 */
final class SharedStack {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = IngressRoutingTest.ROOT;

    private static SharedStack instance;
    /** Every service of the shared stack exports its traces here (TracingIT reads them). */
    private static final OtlpReceiver TRACES = new OtlpReceiver();

    private final StackSettings settings;
    private final ByteArrayOutputStream launcherOutput = new ByteArrayOutputStream();
    private final Set<String> sensitive = ConcurrentHashMap.newKeySet();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile LocalStack stack;
    private HttpClient http;
    private PrivateKey signingKey;
    private String keyId;

    private SharedStack(StackSettings settings) {
        this.settings = settings;
    }

    /** The stack of this JVM, started on the first call. */
    static synchronized SharedStack get() {
        if (instance == null) {
            SharedStack shared = new SharedStack(newSettings());
            shared.start();
            instance = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(SharedStack::shutdown, "shared-stack-stop"));
        }
        return instance;
    }

    /** Stops the stack if one was started (end of the test session). */
    static synchronized void shutdown() {
        if (instance != null) {
            instance.close();
            System.out.println(instance.launcherOutput.toString(StandardCharsets.UTF_8)
                    .replaceAll("(?m)^(  \\S+\\s+)\\S{43}(\\s)", "$1<secret>$2"));
            instance = null;
        }
    }

    private static StackSettings newSettings() {
        Path data = ROOT.resolve("deploy/local/target/local-stack-it");
        try {
            deleteTree(data);
            int[] ports = freePorts(2 + StackSettings.DEFAULT_PORTS.size());
            Map<String, String> env = new LinkedHashMap<>();
            env.put("LOCAL_DATA_DIR", data.toString());
            env.put("LOCAL_FRONT_DOOR_PORT", String.valueOf(ports[0]));
            env.put("LOCAL_POSTGRES_PORT", String.valueOf(ports[1]));
            int i = 2;
            for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
                env.put(StackSettings.portVariable(service), String.valueOf(ports[i++]));
            }
            env.put("LOCAL_READY_TIMEOUT", "300");
            env.put("LOCAL_RATE_LIMITS", "off");
            env.put("LOCAL_OTLP_ENDPOINT", TRACES.endpoint());
            env.put("LOCAL_OTLP_PROTOCOL", "http/protobuf");
            // e.g. -Dlocal.it.java-opts="-Xmx512m" to change the services' JVM options for one run
            if (System.getProperty("local.it.java-opts") != null) {
                env.put("LOCAL_JAVA_OPTS", System.getProperty("local.it.java-opts"));
            }
            if (!"false".equals(System.getProperty("local.it.snapshot"))) {
                env.put("LOCAL_SERVICES_DIR", snapshotServices(ROOT.resolve("deploy/local/target/it-services")).toString());
            }
            return StackSettings.from(ROOT, env::get);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies each service's target/quarkus-app (what the launcher runs) so that rebuilds cannot disturb the run. */
    static Path snapshotServices(Path into) throws IOException {
        deleteTree(into);
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            Path app = ROOT.resolve(service).resolve("target/quarkus-app");
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                return ROOT; // not built: the launcher names the missing jar
            }
            Path target = into.resolve(service).resolve("target/quarkus-app");
            try (Stream<Path> walk = Files.walk(app)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path to = target.resolve(app.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return into;
    }

    private void start() {
        long started = System.nanoTime();
        stack = LocalStack.start(settings, new PrintStream(launcherOutput, true, StandardCharsets.UTF_8));
        System.out.printf("shared local stack started in %d s%n", (System.nanoTime() - started) / 1_000_000_000);
        try {
            http = client(stack.secrets().certificate());
            signingKey = readPrivateKey(stack.secrets().signingKey());
            JsonNode jwks = JSON.readTree(direct("auth-service", "/.well-known/jwks.json"));
            keyId = jwks.path("keys").get(0).path("kid").asText();
        } catch (Exception e) {
            throw new IllegalStateException("The shared stack started but cannot be used: " + e, e);
        }
        for (LocalSecrets.Client c : stack.secrets().clients()) {
            sensitive.add(c.clientSecret());
        }
        sensitive.add(stack.secrets().activationHmacKey());
        sensitive.add(stack.secrets().clientSecretPepper());
        sensitive.add(stack.secrets().panDigestKey());
        sensitive.add(stack.secrets().keyStorePassword());
        try {
            // two lines from the middle of the private keys: a key in a log would show them
            for (Path key : List.of(stack.secrets().signingKey(), stack.secrets().trackingKeys())) {
                String text = Files.readString(key);
                sensitive.add(text.substring(text.length() / 2, text.length() / 2 + 40));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void close() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Stops everything and starts it again on the same data directory (keys, clients and data are kept). */
    synchronized void restart() {
        stack.close();
        tokens.clear();
        start();
    }

    LocalStack stack() {
        return stack;
    }

    StackSettings settings() {
        return settings;
    }

    /** The spans the stack's services have exported so far. */
    OtlpReceiver traces() {
        return TRACES;
    }

    HttpClient http() {
        return http;
    }

    String baseUrl() {
        return stack.baseUrl();
    }

    String launcherOutput() {
        return launcherOutput.toString(StandardCharsets.UTF_8);
    }

    // ---- sensitive values the logs must never show ------------------------------------------------------------

    /** Records a value that must never appear in a log (token, secret, code, PAN, expiry, payload). */
    String sensitive(String value) {
        if (value != null && value.length() >= 4) {
            sensitive.add(value);
        }
        return value;
    }

    Set<String> sensitiveValues() {
        return Set.copyOf(sensitive);
    }

    // ---- tokens -------------------------------------------------------------------------------------------------

    /** A token from the token endpoint, through the front door (client_credentials), cached for a few minutes. */
    String token(String clientId) {
        return token(clientId, null);
    }

    /** A token for a subset of the client's scopes ({@code scope} space-separated), or all of them (null). */
    String token(String clientId, String scope) {
        return tokens.computeIfAbsent(clientId + "|" + scope, k -> fetchToken(clientId, scope));
    }

    private String fetchToken(String clientId, String scope) {
        LocalSecrets.Client client = stack.secrets().client(clientId);
        String basic = Base64.getEncoder().encodeToString((client.clientId() + ":" + client.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials"
                + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/oauth2/token"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "token for " + clientId + ": " + response.body());
            return sensitive(JSON.readTree(response.body()).path("access_token").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The audience of partners' tokens. */
    static final String PARTNER_AUDIENCE = "card-platform";
    /** The audience of the services' own tokens (ARCHITECTURE.md "Scopes"): only internal endpoints accept it. */
    static final String INTERNAL_AUDIENCE = "card-platform-internal";
    /** The scopes auth-service grants only in internal tokens. */
    static final Set<String> INTERNAL_SCOPES = Set.of("cards:internal", "cards:carrier-events", "events:publish",
            "notifications:internal");

    /**
     * Claims of a valid access token of the platform (what auth-service would issue), to be altered by a test: the
     * internal audience when every scope is internal, else the partners' one.
     */
    static JwtClaims claims(String clientId, String issuerId, String... scopes) {
        boolean internal = scopes.length > 0 && Arrays.stream(scopes).allMatch(INTERNAL_SCOPES::contains);
        return audienceClaims(internal ? INTERNAL_AUDIENCE : PARTNER_AUDIENCE, clientId, issuerId, scopes);
    }

    /** The same, for the audience given. */
    static JwtClaims audienceClaims(String audience, String clientId, String issuerId, String... scopes) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(get().stack().issuer());
        claims.setAudience(audience);
        claims.setSubject(clientId);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(15);
        claims.setGeneratedJwtId();
        claims.setStringClaim("scope", String.join(" ", scopes));
        if (issuerId != null) {
            claims.setStringClaim("issuer_id", issuerId);
        }
        return claims;
    }

    /** Signs claims with the stack's REAL signing key (RS256, the JWKS's kid). */
    String sign(JwtClaims claims) {
        return sensitive(sign(claims, signingKey, keyId));
    }

    static String sign(JwtClaims claims, PrivateKey key, String kid) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    String keyId() {
        return keyId;
    }

    /** The public key set as auth-service publishes it (for the HS256-with-the-public-key confusion attack). */
    String jwksJson() {
        return direct("auth-service", "/.well-known/jwks.json");
    }

    private static PrivateKey readPrivateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    int port(String service) {
        return settings.port(service);
    }

    /** GET on a service's own port (inside the "cluster"), body as text. */
    String direct(String service, String path) {
        try {
            HttpResponse<String> r = Api.PLAIN.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port(service) + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), service + path + ": " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- database -----------------------------------------------------------------------------------------------

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
    }

    /** One value of a one-row, one-column query. */
    long count(String sql, Object... args) {
        try (Connection c = jdbc(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Rows of a query as lists of strings. */
    List<List<String>> rows(String sql, Object... args) {
        try (Connection c = jdbc(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    void execute(String sql) {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** An HTTPS client that trusts the stack's own certificate (and checks the host name). */
    static HttpClient client(Path certificate) throws Exception {
        return HttpClient.newBuilder().sslContext(sslContext(certificate)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static SSLContext sslContext(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("local-stack", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return ports;
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }
}
