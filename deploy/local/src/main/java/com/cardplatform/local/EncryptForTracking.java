package com.cardplatform.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * What an issuer does before calling the tracking hub, for deploy/local/smoke.sh (curl cannot encrypt):
 * reads the published tracking JWKS on standard input and prints the compact JWE (ECDH-ES + A256GCM, the
 * first key's kid) of the card data given as the argument.
 * Usage: curl .../.well-known/tracking-jwks.json | java -cp ... com.cardplatform.local.EncryptForTracking '{"pan":...}'
 * or, one JWE per line of a file of card data (bench/platform.sh): {@code EncryptForTracking --lines <file>}.
 */
public final class EncryptForTracking {

    private EncryptForTracking() {
    }

    public static void main(String[] args) throws IOException, JoseException {
        boolean lines = args.length == 2 && args[0].equals("--lines");
        if (args.length != 1 && !lines) {
            System.err.println("usage: EncryptForTracking '<card data JSON>' < tracking-jwks.json");
            System.err.println("       EncryptForTracking --lines <file of card data JSON, one per line> < tracking-jwks.json");
            System.exit(2);
        }
        String jwks = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        PublicJsonWebKey key = (PublicJsonWebKey) new JsonWebKeySet(jwks).getJsonWebKeys().get(0);
        if (!lines) {
            System.out.println(encrypt(key, args[0]));
            return;
        }
        StringBuilder out = new StringBuilder();
        for (String payload : java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[1]), StandardCharsets.UTF_8)) {
            if (!payload.isBlank()) {
                out.append(encrypt(key, payload)).append('\n');
            }
        }
        System.out.print(out);
    }

    private static String encrypt(PublicJsonWebKey key, String payload) throws JoseException {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKeyIdHeaderValue(key.getKeyId());
        jwe.setKey(key.getPublicKey());
        jwe.setPayload(payload);
        return jwe.getCompactSerialization();
    }
}
