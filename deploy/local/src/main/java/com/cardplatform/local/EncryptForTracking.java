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
 */
public final class EncryptForTracking {

    private EncryptForTracking() {
    }

    public static void main(String[] args) throws IOException, JoseException {
        if (args.length != 1) {
            System.err.println("usage: EncryptForTracking '<card data JSON>' < tracking-jwks.json");
            System.exit(2);
        }
        String jwks = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        PublicJsonWebKey key = (PublicJsonWebKey) new JsonWebKeySet(jwks).getJsonWebKeys().get(0);
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKeyIdHeaderValue(key.getKeyId());
        jwe.setKey(key.getPublicKey());
        jwe.setPayload(args[0]);
        System.out.println(jwe.getCompactSerialization());
    }
}
