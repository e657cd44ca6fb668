package com.cardplatform.auth.client;

import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.primitives.crypto.HmacSha256;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keyed SHA-256 (HMAC) digests of client secrets. Secrets are generated with at least 256 bits of entropy, so a
 * fast keyed digest is as safe as a slow password hash here and keeps the token endpoint fast; the key (pepper)
 * lives in a secret, not in the database, so a stolen table alone reveals nothing.
 */
@ApplicationScoped
public class SecretDigester {

    private final HmacSha256 hmac;

    public SecretDigester(AuthConfig config) {
        this.hmac = new HmacSha256(config.secretPepper());
    }

    public String digest(String secret) {
        return hmac.hex(secret);
    }

    /** Constant-time comparison of a presented secret with a stored digest. */
    public boolean matches(String presented, String storedDigest) {
        return hmac.matchesHex(presented, storedDigest);
    }
}
