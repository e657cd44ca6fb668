package com.cardplatform.notify.crypto;

import com.cardplatform.notify.config.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest: AES-256-GCM with a random 96-bit nonce, stored as {@code nonce || ciphertext+tag}. The row's
 * identity is the associated data, so a ciphertext copied onto another row does not decrypt there.
 *
 * <p>Decrypted secrets are kept in memory by ciphertext (every delivery of an endpoint needs its key; a rotation
 * writes a new ciphertext, so the memory never serves a stale key).</p>
 */
@ApplicationScoped
public class SecretBox {

    private static final int NONCE = 12;
    private static final int MAX_REMEMBERED = 10_000;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<ByteBuffer, byte[]> opened = new ConcurrentHashMap<>();

    public SecretBox(NotifyConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.secretsKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("platform.notify.secrets-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("platform.notify.secrets-key must be base64 of exactly 32 bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] seal(byte[] plain, String boundTo) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] open(byte[] box, String boundTo) {
        ByteBuffer cacheKey = ByteBuffer.wrap(box.clone());
        byte[] known = opened.get(cacheKey);
        if (known != null) {
            return known;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, box, 0, NONCE));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(box, NONCE, box.length - NONCE);
            if (opened.size() > MAX_REMEMBERED) {
                opened.clear();
            }
            opened.put(cacheKey, plain);
            return plain;
        } catch (GeneralSecurityException e) {
            // wrong key (platform.notify.secrets-key changed) or a tampered row: say which row, never the bytes
            throw new IllegalStateException("a stored secret does not decrypt with platform.notify.secrets-key ("
                    + boundTo + ")");
        }
    }

    public byte[] sealText(String plain, String boundTo) {
        return seal(plain.getBytes(StandardCharsets.UTF_8), boundTo);
    }

    public String openText(byte[] box, String boundTo) {
        return new String(open(box, boundTo), StandardCharsets.UTF_8);
    }
}
