package com.cardplatform.card.cards.service;

import com.cardplatform.card.cards.config.CardsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digest of a PAN (HMAC-SHA256): lets the tracking hub check that the PAN it decrypted belongs to the
 * card without the PAN ever being stored. A plain hash would not do: PANs are few enough to be brute-forced.
 */
@ApplicationScoped
public class PanDigester {

    private final SecretKeySpec key;

    public PanDigester(CardsConfig config) {
        this.key = new SecretKeySpec(config.panDigestKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String digest(String pan) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(pan.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time comparison of a stored digest with the digest of a PAN. */
    public boolean matches(String pan, String storedDigest) {
        return storedDigest != null && MessageDigest.isEqual(
                digest(pan).getBytes(StandardCharsets.US_ASCII), storedDigest.getBytes(StandardCharsets.US_ASCII));
    }

    /** The Luhn check every PAN passes (ISO/IEC 7812-1). */
    public static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
