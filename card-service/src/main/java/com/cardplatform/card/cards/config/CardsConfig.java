package com.cardplatform.card.cards.config;

import io.smallrye.config.ConfigMapping;

/** Settings of the card registry ({@code platform.cards.*}). */
@ConfigMapping(prefix = "platform.cards")
public interface CardsConfig {

    /** Key of the HMAC-SHA256 digest kept of each PAN; a secret in production (no default there). */
    String panDigestKey();
}
