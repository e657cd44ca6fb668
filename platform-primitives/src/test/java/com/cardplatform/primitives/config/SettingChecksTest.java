package com.cardplatform.primitives.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SettingChecksTest {

    @Test
    void aSecretIsMeasuredInUtf8BytesAndNeverQuoted() {
        assertEquals("k".repeat(32), SettingChecks.secretOfAtLeast("a.key", "A_KEY", "k".repeat(32), 32));
        assertEquals("é".repeat(16), SettingChecks.secretOfAtLeast("a.key", "A_KEY", "é".repeat(16), 32));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SettingChecks.secretOfAtLeast("a.key", "A_KEY", "short-secret-value", 32));
        assertEquals("a.key must be at least 32 bytes (A_KEY, e.g. openssl rand -base64 48)", refused.getMessage());
        assertFalse(refused.getMessage().contains("short-secret-value"));
        assertThrows(IllegalStateException.class, () -> SettingChecks.secretOfAtLeast("a.key", "A_KEY", "é".repeat(15), 32));
        assertThrows(IllegalStateException.class, () -> SettingChecks.secretOfAtLeast("a.key", "A_KEY", null, 32));
    }

    @Test
    void numbersHaveTheirBoundsIncluded() {
        assertEquals(1, SettingChecks.atLeast("a.count", 1, 1));
        assertEquals("a.count must be at least 1",
                assertThrows(IllegalStateException.class, () -> SettingChecks.atLeast("a.count", 0, 1)).getMessage());
        assertEquals(1, SettingChecks.between("a.size", 1, 1, 10));
        assertEquals(10, SettingChecks.between("a.size", 10, 1, 10));
        assertEquals("a.size must be between 1 and 10",
                assertThrows(IllegalStateException.class, () -> SettingChecks.between("a.size", 11, 1, 10)).getMessage());
        assertThrows(IllegalStateException.class, () -> SettingChecks.between("a.size", 0, 1, 10));
    }

    @Test
    void aShapeMustMatchTheWholeValue() {
        Pattern https = Pattern.compile("https://[a-z.]+");
        assertEquals("https://a.example", SettingChecks.matching("a.url", "https://a.example", https, "an https URL"));
        assertEquals("a.url must be an https URL", assertThrows(IllegalStateException.class,
                () -> SettingChecks.matching("a.url", "https://a.example/path", https, "an https URL")).getMessage());
        assertThrows(IllegalStateException.class, () -> SettingChecks.matching("a.url", null, https, "an https URL"));
    }
}
