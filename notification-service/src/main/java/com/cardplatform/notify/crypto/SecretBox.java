package com.cardplatform.notify.crypto;

import com.cardplatform.notify.config.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest: AES-256-GCM with a random 96-bit nonce, stored as {@code nonce || ciphertext+tag}. The row's
 * identity is the associated data, so a ciphertext copied onto another row does not decrypt there.
 *
 * <p>Key rotation: secrets are sealed with {@code platform.notify.secrets-key}; one sealed with a key of
 * {@code platform.notify.previous-secrets-keys} still opens (GCM's tag tells which key is right), and
 * {@link SecretsResealer} re-seals it with the current key.
 *
 * <p>Decrypted secrets are kept in memory by row and ciphertext (every delivery of an endpoint needs its key; a
 * rotation writes a new ciphertext, so the memory never serves a stale key; a ciphertext copied onto another row is
 * not in the memory under that row, so it is decrypted there, and fails).</p>
 */
@ApplicationScoped
public class SecretBox {

    private static final int NONCE = 12;
    private static final int MAX_REMEMBERED = 10_000;

    private final SecretKeySpec key;
    private final List<SecretKeySpec> previousKeys;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<Opened, byte[]> opened = new ConcurrentHashMap<>();

    /** What a decrypted secret is remembered by: the row it is bound to and its ciphertext. */
    private record Opened(String boundTo, ByteBuffer box) {
    }

    public SecretBox(NotifyConfig config) {
        this.key = aesKey(config.secretsKey(), "platform.notify.secrets-key");
        List<SecretKeySpec> previous = new ArrayList<>();
        for (String encoded : config.previousSecretsKeys().orElse(List.of())) {
            if (!encoded.isBlank()) {
                previous.add(aesKey(encoded, "platform.notify.previous-secrets-keys"));
            }
        }
        this.previousKeys = List.copyOf(previous);
    }

    private static SecretKeySpec aesKey(String encoded, String setting) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(setting + " must be base64 of exactly 32 bytes (each key)");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** Whether previous keys are configured (a rotation is in progress). */
    public boolean rotating() {
        return !previousKeys.isEmpty();
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
        Opened cacheKey = new Opened(boundTo, ByteBuffer.wrap(box.clone()));
        byte[] known = opened.get(cacheKey);
        if (known != null) {
            return known;
        }
        byte[] plain = tryOpen(key, box, boundTo);
        for (int i = 0; plain == null && i < previousKeys.size(); i++) {
            plain = tryOpen(previousKeys.get(i), box, boundTo);
        }
        if (plain == null) {
            // a key that is not configured, or a tampered row: say which row, never the bytes
            throw new IllegalStateException("a stored secret does not decrypt with platform.notify.secrets-key nor "
                    + "any of platform.notify.previous-secrets-keys (" + boundTo + ")");
        }
        if (opened.size() > MAX_REMEMBERED) {
            opened.clear();
        }
        opened.put(cacheKey, plain);
        return plain;
    }

    /**
     * The box sealed again with the current key when a previous key sealed it; null when the current key did (nothing
     * to do). Fails like {@link #open} when no configured key opens it.
     */
    public byte[] resealed(byte[] box, String boundTo) {
        if (tryOpen(key, box, boundTo) != null) {
            return null;
        }
        return seal(open(box, boundTo), boundTo);
    }

    /** The plain bytes, or null when this key did not seal the box for this row (GCM's tag does not verify). */
    private static byte[] tryOpen(SecretKeySpec candidate, byte[] box, String boundTo) {
        if (box.length < NONCE + 16) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, candidate, new GCMParameterSpec(128, box, 0, NONCE));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(box, NONCE, box.length - NONCE);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] sealText(String plain, String boundTo) {
        return seal(plain.getBytes(StandardCharsets.UTF_8), boundTo);
    }

    public String openText(byte[] box, String boundTo) {
        return new String(open(box, boundTo), StandardCharsets.UTF_8);
    }
}
