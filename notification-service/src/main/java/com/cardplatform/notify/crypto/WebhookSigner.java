package com.cardplatform.notify.crypto;

import com.cardplatform.primitives.crypto.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;

/**
 * Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), the key
 * being the bytes of the {@code whsec_} secret (base64 after the prefix). Several signatures (during a rotation)
 * are separated by a space; a receiver accepts the message when any one verifies.
 */
public final class WebhookSigner {

    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /** A new secret: {@code whsec_} + base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key of a {@code whsec_} secret. */
    public static byte[] keyOf(String secret) {
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }

    public static String sign(byte[] key, String id, long timestamp, byte[] body) {
        Mac mac = new HmacSha256(key).mac();
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
