package com.cardplatform.guard.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * The identity of the keyed request being served, for the writes that cannot tell a repetition by their own data:
 * creating a webhook endpoint, rotating its secret, counting a failed verification.
 *
 * <p>The guard keeps the answer of a keyed write in a statement of its own, after the write committed. A replica
 * that dies between the two leaves the key's claim abandoned, and the repetition then runs the write again: harmless
 * for every write that answers an identical repetition with its original result, a second effect for these three.
 * Such a write records {@link #currentToken()} with its change, in the same statement, and a write that finds its own
 * token already there answers from what it finds instead of changing anything again. The "outcome unknown" 503
 * (the connection lost during the COMMIT) is the same case: the repetition runs, and finds the token if the first
 * one committed.</p>
 *
 * <p>The token is the same for a request and every repetition of it under one key, and differs for any other
 * request: it names the client, the key and when the key's lifetime began (a key used again after its retention is
 * a new request). It is a hash, 64 hex characters, whatever the key's length, and tells nothing of the key.</p>
 */
public final class KeyedRequest {

    private KeyedRequest() {
    }

    /**
     * The token of the request being served, empty without an {@code Idempotency-Key} (or with the guard off).
     * Call it on the request's own thread, in the resource method before its first asynchronous step.
     */
    public static Optional<String> currentToken() {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (request == null || !(request.getProperty(IdempotencyKeys.CLAIM) instanceof IdempotencyKeys.Claimed held)) {
            return Optional.empty();
        }
        return Optional.of(tokenOf(held.clientId(), held.key(), held.keySince()));
    }

    static String tokenOf(String clientId, String key, long keySince) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(clientId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(key.getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) '\n');
            digest.update(Long.toString(keySince).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
