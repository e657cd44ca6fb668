package com.cardplatform.activation.config;

import com.cardplatform.primitives.config.SettingChecks;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.Interceptor;

/**
 * Checks at start, before any other start-up work, the bounds of {@link ActivationConfig}'s numbers (the key's length
 * is {@code CodeHasher}'s). A failure stops the start naming the setting and its bounds (platform-primitives'
 * {@code SettingChecks}, which also says why these are not Bean Validation constraints).
 */
@Startup(Interceptor.Priority.PLATFORM_BEFORE)
@ApplicationScoped
public class ActivationSettingsCheck {

    public ActivationSettingsCheck(ActivationConfig config) {
        check(config);
    }

    public static void check(ActivationConfig config) {
        SettingChecks.between("platform.activation.max-records", config.maxRecords(), 1, 50_000);
        SettingChecks.between("platform.activation.max-failed-attempts", config.maxFailedAttempts(), 1, 100);
    }
}
