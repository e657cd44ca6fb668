import com.cardplatform.primitives.cards.Luhn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Prepares the card-service benchmark: provisions cards (each with its own PAN) through the API, then encrypts
 * track requests with the public key the service publishes, as an issuer would.
 * Usage: java -cp jose4j.jar:slf4j-api.jar:common-errors.jar Prepare.java baseUrl issuerId token cards jwes outDir
 * Writes outDir/track.txt ("cardId jwe" per line) and outDir/accounts.txt (one account id per line).
 */
public class Prepare {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String issuer = args[1];
        String token = args[2];
        int cards = Integer.parseInt(args[3]);
        int jwes = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        String run = Long.toString(System.currentTimeMillis(), 36);
        HttpClient http = HttpClient.newHttpClient();

        String jwks = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/tracking-jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        PublicJsonWebKey key = (PublicJsonWebKey) new JsonWebKeySet(jwks).getJsonWebKeys().get(0);

        List<String> ids = new ArrayList<>();
        List<String> pans = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < cards; i++) {
            String cardId = "BENCH-" + run + "-" + i;
            String account = "BACCT-" + run + "-" + i;
            String pan = pan();
            String body = "{\"cardId\":\"" + cardId + "\",\"consumerId\":\"bench-consumer-" + run + "-" + i
                    + "\",\"accountId\":\"" + account + "\",\"customerNumber\":\"" + (100000000 + i)
                    + "\",\"productType\":\"DEBIT\",\"programId\":\"BENCH\",\"pan\":\"" + pan + "\"}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/issuers/" + issuer
                            + "/cards"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IOException("provisioning failed: " + response.statusCode() + " " + response.body());
            }
            ids.add(cardId);
            pans.add(pan);
            accounts.add(account);
        }

        // one JWE per request of the run (bench/card.sh): generated on every core, in file order
        String[] lines = java.util.stream.IntStream.range(0, jwes).parallel().mapToObj(i -> {
            int card = i % cards;
            String plaintext = "{\"pan\":\"" + pans.get(card) + "\",\"exp\":\"1229\",\"carrier\":\"dhl\","
                    + "\"trackingNumber\":\"JD" + run + i + "\"}";
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setKeyIdHeaderValue(key.getKeyId());
            jwe.setKey(key.getPublicKey());
            jwe.setPlaintext(plaintext);
            try {
                return ids.get(card) + ' ' + jwe.getCompactSerialization() + '\n';
            } catch (org.jose4j.lang.JoseException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(String[]::new);
        StringBuilder track = new StringBuilder();
        for (String line : lines) {
            track.append(line);
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("track.txt"), track);
        Files.writeString(out.resolve("accounts.txt"), String.join("\n", accounts) + "\n");
        System.out.println("prepared " + cards + " cards and " + jwes + " JWEs (kid " + key.getKeyId() + ")");
    }

    private static String pan() {
        StringBuilder digits = new StringBuilder("5");
        for (int i = 0; i < 14; i++) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        return Luhn.withCheckDigit(digits.toString());
    }
}
