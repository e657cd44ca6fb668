package com.cardplatform.notify;

import com.cardplatform.testing.PlatformTestResource;
import java.util.LinkedHashMap;
import java.util.Map;

/** Real PostgreSQL and token key, a known secrets key, and a retry schedule compressed from days to seconds. */
public class NotifyTestResource extends PlatformTestResource {

    /** base64 of 32 bytes, so tests can open what the service sealed. */
    public static final String SECRETS_KEY = "dGVzdC1ub3RpZnktc2VjcmV0cy1rZXktMzItYnl0ZXM=";

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(super.start());
        props.put("platform.notify.secrets-key", SECRETS_KEY);
        props.put("platform.notify.retry.schedule", "PT0S,PT0.3S,PT0.6S");
        props.put("platform.notify.retry.give-up-after", "PT4S");
        props.put("platform.notify.dispatch.every", "1s");
        props.put("platform.notify.dispatch.timeout", "PT2S");
        props.put("platform.notify.allow-http", "true");
        props.put("platform.notify.allow-private-addresses", "true");
        return props;
    }
}
