package com.cardplatform.card.cards.config;

import io.smallrye.config.ConfigMapping;

/** Settings of the card registry ({@code platform.cards.*}). */
@ConfigMapping(prefix = "platform.cards")
public interface CardsConfig {

    /**
     * Key of the HMAC-SHA256 digest kept of each PAN; a secret in production (no default there), at least 32 bytes.
     * Checked at start by {@code PanDigester} (platform-primitives' {@code SettingChecks}, not a Bean Validation
     * constraint: see there why).
     */
    String panDigestKey();
}
