package com.cardplatform.primitives.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key: the keyed digests the services store instead of a secret (PANs, client secrets,
 * activation codes), the webhook signatures, and the tests and tools that compute what the services must produce.
 * Immutable and thread-safe; each call takes a fresh {@link Mac} ({@link Mac} itself is not thread-safe).
 */
public final class HmacSha256 {

    public static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public HmacSha256(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The key is the UTF-8 bytes of this text (the services' configured keys and peppers). */
    public HmacSha256(String key) {
        this(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@link Mac} ready for this key, for callers that feed the input in parts or reuse it for a batch. */
    public Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    public byte[] sign(byte[] data) {
        return mac().doFinal(data);
    }

    /** The digest of a text (its UTF-8 bytes), in lower-case hex. */
    public String hex(String text) {
        return HexFormat.of().formatHex(sign(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether a stored {@link #hex} digest is the text's, compared in constant time; false when either is null. */
    public boolean matchesHex(String text, String storedHex) {
        if (text == null || storedHex == null) {
            return false;
        }
        return MessageDigest.isEqual(hex(text).getBytes(StandardCharsets.US_ASCII),
                storedHex.getBytes(StandardCharsets.US_ASCII));
    }
}
