package com.cardplatform.card.cards.service;

import com.cardplatform.card.cards.config.CardsConfig;
import com.cardplatform.primitives.crypto.HmacSha256;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keyed digest of a PAN (HMAC-SHA256, hex): lets the tracking hub check that the PAN it decrypted belongs to the
 * card without the PAN ever being stored. A plain hash would not do: PANs are few enough to be brute-forced.
 */
@ApplicationScoped
public class PanDigester {

    private final HmacSha256 hmac;

    public PanDigester(CardsConfig config) {
        this.hmac = new HmacSha256(config.panDigestKey());
    }

    public String digest(String pan) {
        return hmac.hex(pan);
    }

    /** Constant-time comparison of a stored digest with the digest of a PAN. */
    public boolean matches(String pan, String storedDigest) {
        return hmac.matchesHex(pan, storedDigest);
    }
}
