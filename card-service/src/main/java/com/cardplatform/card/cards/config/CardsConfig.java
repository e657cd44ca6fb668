package com.cardplatform.card.cards.config;

import io.smallrye.config.ConfigMapping;

/** Settings of the card registry ({@code platform.cards.*}). */
@ConfigMapping(prefix = "platform.cards")
public interface CardsConfig {

    /**
     * Key of the HMAC-SHA256 digest kept of each PAN; a secret in production (no default there), at least 32 bytes.
     * Checked at start by {@code PanDigester}, not with a Bean Validation constraint: one constrained mapping makes
     * Quarkus build a validator over the configuration at every start, 0.3 s of card-service's start on two cores
     * (bench/results/startup.md).
     */
    String panDigestKey();
}
