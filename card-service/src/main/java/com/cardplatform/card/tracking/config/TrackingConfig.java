package com.cardplatform.card.tracking.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** Settings of the tracking hub ({@code platform.tracking.*}). */
@ConfigMapping(prefix = "platform.tracking")
public interface TrackingConfig {

    /**
     * JWKS file holding the private EC P-256 decryption keys, each with a {@code kid} (a Kubernetes secret in
     * production). Every key is accepted; the first one is the one issuers should encrypt with.
     */
    Optional<String> jweKeysLocation();

    /** Refuse to start without configured keys (production); otherwise an ephemeral key is generated. */
    @WithDefault("false")
    boolean requireJweKeys();

    /** JCA provider of the ECDH key agreement (e.g. {@code BC}); absent: the JDK's default provider. */
    Optional<String> keyAgreementProvider();

    /** Decrypt on a worker thread instead of the event loop. */
    @WithDefault("false")
    boolean decryptOnWorker();

    /**
     * Tracking URL templates by carrier code (D1's codes, e.g. {@code dhl}; {@code {trackingNumber}} is replaced).
     * Any carrier code of D1's shape is accepted; a carrier without a template has no {@code trackingUrl}.
     */
    Map<String, String> carriers();
}
