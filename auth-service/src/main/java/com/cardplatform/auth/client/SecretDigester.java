package com.cardplatform.auth.client;

import com.cardplatform.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed SHA-256 (HMAC) digests of client secrets. Secrets are generated with at least 256 bits of entropy, so a
 * fast keyed digest is as safe as a slow password hash here and keeps the token endpoint fast; the key (pepper)
 * lives in a secret, not in the database, so a stolen table alone reveals nothing.
 */
@ApplicationScoped
public class SecretDigester {

    private final SecretKeySpec key;

    public SecretDigester(AuthConfig config) {
        this.key = new SecretKeySpec(config.secretPepper().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String digest(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of a presented secret with a stored digest. */
    public boolean matches(String presented, String storedDigest) {
        if (presented == null || storedDigest == null) {
            return false;
        }
        return MessageDigest.isEqual(digest(presented).getBytes(StandardCharsets.US_ASCII),
                storedDigest.getBytes(StandardCharsets.US_ASCII));
    }
}
