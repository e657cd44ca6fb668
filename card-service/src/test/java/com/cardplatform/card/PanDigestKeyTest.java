package com.cardplatform.card;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.cards.service.PanDigester;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * The PAN digest key, as the start reads it: no default in {@code prod}, and a key shorter than 32 bytes stops the
 * start ({@link PanDigester} is created at start), naming the setting and not the value.
 */
class PanDigestKeyTest {

    @Test
    void theProdProfileHasNoDefaultKey() throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(
                        PanDigestKeyTest.class.getResource("/application.properties"), 250))
                .addDefaultInterceptors()
                .build();
        NoSuchElementException missing = assertThrows(NoSuchElementException.class,
                () -> config.getValue("platform.cards.pan-digest-key", String.class));
        assertTrue(missing.getMessage().contains("PLATFORM_PAN_DIGEST_KEY"), missing.getMessage());
    }

    @Test
    void aKeyShorterThan32BytesStopsTheStartNamingTheSetting() {
        String shortKey = "bench-pan-digest-key-0123456789";
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new PanDigester(() -> shortKey));
        assertTrue(refused.getMessage().contains("platform.cards.pan-digest-key"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at least 32 bytes"), refused.getMessage());
        assertFalse(refused.getMessage().contains(shortKey), "the message must not quote the key");
        // 31 ASCII characters are refused above; 32 bytes are enough, counted in UTF-8 (16 two-byte characters)
        new PanDigester(() -> "card-service-test-pan-digest-key");
        new PanDigester(() -> "é".repeat(16));
        assertThrows(IllegalStateException.class, () -> new PanDigester(() -> "é".repeat(15)));
    }
}
