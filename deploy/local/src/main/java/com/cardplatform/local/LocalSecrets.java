package com.cardplatform.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Keys, secrets, the TLS certificate and the demo clients of the local stack, created on the first run under
 * the data directory ({@code .local/} at the repository root, git-ignored) and reused by every later run.
 * Files holding secrets are readable by their owner only.
 */
public final class LocalSecrets {

    /** One demo client: what auth-service's bootstrap file holds ({@code PLATFORM_BOOTSTRAP_CLIENTS}). */
    public record Client(String clientId, String clientSecret, List<String> scopes, String issuerId) {
    }

    /** The issuer the demo D1, Citi and Blackhawk clients are bound to. */
    public static final String DEMO_ISSUER = "LOCAL00001";
    /** A second card issuer, so that tenancy can be tried locally (one client with every issuer-side scope). */
    public static final String SECOND_ISSUER = "LOCAL00002";
    /** The client consumer-service uses for the delete cascade into card-service. */
    public static final String CONSUMER_SERVICE_CLIENT = "consumer-service";
    /** The platform team's client (issuer notification settings). */
    public static final String OPERATOR_CLIENT = "local-operator";
    public static final String CARRIER_CLIENT = "local-carrier";
    /** Partners manage their own webhook endpoints with this scope. */
    static final String WEBHOOKS = "webhooks:manage";
    /** Each service hands its events to notification-service with its own client and this scope. */
    static final String EVENTS = "events:publish";

    /**
     * One client per partner API (the scope sets of bench/clients.json), a second tenant (another card issuer, another
     * Triple partner) and consumer-service's own.
     */
    static final List<Client> DEMO_CLIENTS = List.of(
            new Client("local-d1-issuer", null, List.of("consumers:operations", "consumers:provisioning",
                    "cards:tracking", "cards:provisioning", WEBHOOKS), DEMO_ISSUER),
            new Client("local-citi", null, List.of("cards:status", "cards:provisioning", WEBHOOKS), DEMO_ISSUER),
            new Client("local-blackhawk", null, List.of("cards:activation-codes", WEBHOOKS), DEMO_ISSUER),
            new Client("local-triple", null, List.of("api.tripleup.com/partner.publishers",
                    "api.tripleup.com/partner.view_offers", WEBHOOKS), null),
            new Client("local-issuer-b", null, List.of("consumers:operations", "consumers:provisioning",
                    "cards:tracking", "cards:provisioning", "cards:status", "cards:activation-codes", WEBHOOKS),
                    SECOND_ISSUER),
            new Client("local-triple-b", null, List.of("api.tripleup.com/partner.publishers",
                    "api.tripleup.com/partner.view_offers", WEBHOOKS), null),
            new Client(CONSUMER_SERVICE_CLIENT, null, List.of("cards:internal", EVENTS), null),
            new Client("card-service", null, List.of(EVENTS), null),
            new Client("activation-service", null, List.of(EVENTS), null),
            new Client("rewards-account-service", null, List.of(EVENTS), null),
            // the platform team's own client: the issuers' D1 notification settings at notification-service
            new Client(OPERATOR_CLIENT, null, List.of("notifications:internal"), null),
            // a carrier or card bureau integration: shipment updates into card-service's /internal/carrier-events
            new Client(CARRIER_CLIENT, null, List.of("cards:carrier-events"), null));

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public LocalSecrets(Path dataDirectory) {
        this.dir = dataDirectory;
    }

    /** Creates whatever is missing; returns what was created (empty on a second run). */
    public List<String> ensure(String keytool) {
        List<String> created = new ArrayList<>();
        try {
            // the data directory is made owner-only when created here (an existing one the operator chose is
            // left as it is); the key and certificate directories always are
            privateDirectory(dir, false);
            privateDirectory(dir.resolve("keys"), true);
            privateDirectory(dir.resolve("tls"), true);
            if (ensureFile(signingKey(), this::rsaPkcs8Pem)) {
                created.add("token signing key (RSA 2048, PKCS#8) " + signingKey());
            }
            if (ensureFile(trackingKeys(), LocalSecrets::ecPrivateJwks)) {
                created.add("tracking hub decryption key set (EC P-256 JWKS) " + trackingKeys());
            }
            if (ensureFile(dir.resolve("keys/activation-hmac.key"), LocalSecrets::randomSecret)) {
                created.add("activation-code HMAC key");
            }
            if (ensureFile(dir.resolve("keys/client-secret-pepper"), LocalSecrets::randomSecret)) {
                created.add("client-secret pepper");
            }
            if (ensureFile(dir.resolve("keys/pan-digest.key"), LocalSecrets::randomSecret)) {
                created.add("PAN digest key");
            }
            if (ensureFile(dir.resolve("keys/notify-secrets.key"), LocalSecrets::aesKey)) {
                created.add("notification secrets key (AES-256, encrypts webhook and issuer secrets at rest)");
            }
            if (!Files.exists(keyStore())) {
                createCertificate(keytool);
                created.add("self-signed TLS certificate for localhost " + certificate());
            }
            if (ensureClients()) {
                created.add("demo clients " + clientsFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the local keys under " + dir + ": " + e.getMessage(), e);
        }
        return created;
    }

    public Path signingKey() {
        return dir.resolve("keys/signing-key.pem");
    }

    public Path trackingKeys() {
        return dir.resolve("keys/tracking-jwe-keys.json");
    }

    public Path clientsFile() {
        return dir.resolve("clients.json");
    }

    public Path keyStore() {
        return dir.resolve("tls/localhost.p12");
    }

    public Path certificate() {
        return dir.resolve("tls/localhost.crt");
    }

    public String keyStorePassword() {
        return read(dir.resolve("tls/password"));
    }

    public String activationHmacKey() {
        return read(dir.resolve("keys/activation-hmac.key"));
    }

    public String clientSecretPepper() {
        return read(dir.resolve("keys/client-secret-pepper"));
    }

    public String panDigestKey() {
        return read(dir.resolve("keys/pan-digest.key"));
    }

    /** Base64 of the 32-byte AES key notification-service encrypts its stored secrets with. */
    public String notifySecretsKey() {
        return read(dir.resolve("keys/notify-secrets.key"));
    }

    public List<Client> clients() {
        try {
            return JSON.readValue(clientsFile().toFile(), new TypeReference<List<Client>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + clientsFile() + ": " + e.getMessage(), e);
        }
    }

    public Client client(String clientId) {
        return clients().stream().filter(c -> c.clientId().equals(clientId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No client " + clientId + " in " + clientsFile()));
    }

    /**
     * Keeps existing clients and their secrets; adds the demo clients that are missing, and gives an existing demo
     * client the scopes and issuer of this version (a data directory of an older version keeps working).
     */
    private boolean ensureClients() throws IOException {
        Map<String, Client> clients = new LinkedHashMap<>();
        if (Files.exists(clientsFile())) {
            for (Client c : clients()) {
                clients.put(c.clientId(), c);
            }
        }
        boolean changed = false;
        for (Client demo : DEMO_CLIENTS) {
            Client existing = clients.get(demo.clientId());
            if (existing == null) {
                clients.put(demo.clientId(), new Client(demo.clientId(), randomSecret(), demo.scopes(), demo.issuerId()));
                changed = true;
            } else if (!existing.scopes().equals(demo.scopes()) || !java.util.Objects.equals(existing.issuerId(), demo.issuerId())) {
                clients.put(demo.clientId(), new Client(demo.clientId(), existing.clientSecret(), demo.scopes(),
                        demo.issuerId()));
                changed = true;
            }
        }
        if (changed) {
            writePrivate(clientsFile(), JSON.writeValueAsString(new ArrayList<>(clients.values())));
        }
        return changed;
    }

    /** The keytool commands that make the certificate; the password reaches keytool through its environment. */
    static List<List<String>> certificateCommands(String keytool, Path keyStore, Path certificate) {
        return List.of(
                List.of(keytool, "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-sigalg", "SHA256withECDSA", "-validity", "825", "-dname", "CN=localhost",
                        "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1", "-storetype", "PKCS12",
                        "-keystore", keyStore.toString(), "-storepass:env", PASSWORD_VARIABLE,
                        "-keypass:env", PASSWORD_VARIABLE),
                List.of(keytool, "-exportcert", "-rfc", "-alias", "localhost", "-keystore", keyStore.toString(),
                        "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE, "-file", certificate.toString()));
    }

    /** Not on the command line, which every user of the machine can read (ps, /proc/<pid>/cmdline). */
    static final String PASSWORD_VARIABLE = "LOCAL_KEYSTORE_PASSWORD";

    private void createCertificate(String keytool) throws IOException {
        String password = randomSecret();
        Path tmp = dir.resolve("tls/localhost.p12.tmp");
        Files.deleteIfExists(tmp);
        for (List<String> command : certificateCommands(keytool, tmp, certificate())) {
            run(command, password);
        }
        writePrivate(dir.resolve("tls/password"), password);
        Files.move(tmp, keyStore(), StandardCopyOption.ATOMIC_MOVE);
        restrict(keyStore());
    }

    private static void run(List<String> command, String password) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, password);
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed to create the local TLS certificate: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the TLS certificate", e);
        }
    }

    private interface Content {
        String create() throws IOException;
    }

    private static boolean ensureFile(Path file, Content content) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        writePrivate(file, content.create());
        return true;
    }

    /** Owner-only from the first byte: the file is created rw------- before anything is written to it. */
    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: the directory's own permissions apply
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A directory only its owner can list or enter (rwx------); {@code existingToo}: also when it existed before. */
    private static void privateDirectory(Path directory, boolean existingToo) throws IOException {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else if (existingToo) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(directory);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own permissions apply
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** 256 random bits, base64url: 43 characters. */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** 256 random bits, standard base64: an AES-256 key. */
    static String aesKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private String rsaPkcs8Pem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ecPrivateJwks() {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId("local-tracking-" + LocalDate.now());
            key.setUse("enc");
            key.setAlgorithm("ECDH-ES");
            return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
