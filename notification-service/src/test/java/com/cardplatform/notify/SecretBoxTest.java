package com.cardplatform.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.notify.config.NotifyConfig;
import com.cardplatform.notify.crypto.SecretBox;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A secret is bound to its row: a ciphertext copied onto another row does not open there, opened before or not. */
class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private static SecretBox box() {
        NotifyConfig config = (NotifyConfig) Proxy.newProxyInstance(NotifyConfig.class.getClassLoader(),
                new Class<?>[] {NotifyConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "secretsKey" -> KEY;
                    case "previousSecretsKeys" -> Optional.of(List.<String>of());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new SecretBox(config);
    }

    @Test
    void aCiphertextCopiedOntoAnotherRowDoesNotOpenThereEvenAfterItWasOpenedForItsOwn() {
        SecretBox box = box();
        byte[] secret = "whsec_c2VjcmV0LW9mLWVuZHBvaW50LWE=".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = box.seal(secret, "endpoint:a");

        // before it is remembered
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> box.open(sealed, "endpoint:b"));
        assertTrue(refused.getMessage().contains("endpoint:b"), refused.getMessage());

        // opened for its own row (and remembered), then asked for under another row
        assertArrayEquals(secret, box.open(sealed, "endpoint:a"));
        assertThrows(IllegalStateException.class, () -> box.open(sealed, "endpoint:b"));
        assertArrayEquals(secret, box.open(sealed, "endpoint:a"));
    }
}
