package com.cardplatform.card.cards.config;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Size;

/** Settings of the card registry ({@code platform.cards.*}). */
@ConfigMapping(prefix = "platform.cards")
public interface CardsConfig {

    /**
     * Key of the HMAC-SHA256 digest kept of each PAN; a secret in production (no default there), at least 32 bytes
     * (32 characters are at least 32 bytes in UTF-8). Checked at start.
     */
    @Size(min = 32, message = "must be at least 32 bytes (PLATFORM_PAN_DIGEST_KEY, e.g. openssl rand -base64 48)")
    String panDigestKey();
}
