package com.cardplatform.activation.service;

import com.cardplatform.activation.CardCode;
import com.cardplatform.activation.config.ActivationConfig;
import com.cardplatform.primitives.crypto.HmacSha256;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Mac;

/**
 * HMAC-SHA256 of activation codes, bound to their card: {@code HMAC(key, len(issuer) ":" issuer "|" quote "|"
 * proxy "|" code)}. Binding the card in means that equal codes on two cards (or two issuers) differ in the table
 * and a hash cannot be copied from one card to another. The key is a secret from configuration, never stored
 * with the data. Codes are short, so without the key they could be brute-forced from a plain hash: the key is
 * what protects them. Created at start so that a missing or short key stops the service at once.
 */
@Startup
@ApplicationScoped
public class CodeHasher {

    private final HmacSha256 hmac;

    public CodeHasher(ActivationConfig config) {
        String secret = config.hmacKey();
        if (secret == null || secret.length() < ActivationConfig.MIN_KEY_LENGTH) {
            throw new IllegalStateException("platform.activation.hmac-key must have at least "
                    + ActivationConfig.MIN_KEY_LENGTH + " characters");
        }
        this.hmac = new HmacSha256(secret);
    }

    /** Hashes of every record, in order; one {@link Mac} and one scratch buffer for the whole batch. */
    public byte[][] hashAll(String issuerId, List<CardCode> records) {
        Mac mac = hmac.mac();
        byte[] prefix = prefix(issuerId);
        byte[] scratch = new byte[SCRATCH];
        byte[][] hashes = new byte[records.size()][];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hash(mac, prefix, scratch, records.get(i));
        }
        return hashes;
    }

    public byte[] hash(String issuerId, CardCode record) {
        return hash(hmac.mac(), prefix(issuerId), new byte[SCRATCH], record);
    }

    /** Room for quote (18) | proxy (19) | code (16): validated before hashing. */
    private static final int SCRATCH = 18 + 1 + 19 + 1 + 16;

    private static byte[] hash(Mac mac, byte[] prefix, byte[] scratch, CardCode record) {
        mac.update(prefix);
        // quote and proxy numbers are digits and codes are [A-Za-z0-9]: ASCII, and '|' cannot occur in them
        int length = ascii(record.quoteNumber(), scratch, 0);
        scratch[length++] = '|';
        length = ascii(record.proxyNumber(), scratch, length);
        scratch[length++] = '|';
        length = ascii(record.activationCode(), scratch, length);
        mac.update(scratch, 0, length);
        return mac.doFinal();
    }

    private static byte[] prefix(String issuerId) {
        return (issuerId.length() + ":" + issuerId + "|").getBytes(StandardCharsets.UTF_8);
    }

    private static int ascii(String text, byte[] target, int offset) {
        for (int i = 0; i < text.length(); i++) {
            target[offset + i] = (byte) text.charAt(i);
        }
        return offset + text.length();
    }
}
