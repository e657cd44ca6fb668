package com.cardplatform.activation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the activation codes ({@code platform.activation.*}). What their types cannot say is checked at start:
 * the key's length by {@code CodeHasher}, the bounds of the numbers by {@link ActivationSettingsCheck}.
 */
@ConfigMapping(prefix = "platform.activation")
public interface ActivationConfig {

    /** Smallest accepted HMAC key, in characters: 32 random characters carry well over 128 bits. */
    int MIN_KEY_LENGTH = 32;

    /** Key of the HMAC-SHA256 of stored codes (a secret; required in production). Checked at start. */
    String hmacKey();

    /** Hard cap of records in one set-activation-codes request; the documented recommendation is 1,000. */
    @WithDefault("5000")
    int maxRecords();

    /** Consecutive failed verifications after which a card is locked until a new code is set. */
    @WithDefault("5")
    int maxFailedAttempts();
}
