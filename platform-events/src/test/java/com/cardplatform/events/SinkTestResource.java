package com.cardplatform.events;

import com.cardplatform.testing.PlatformTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database, and a {@link SinkReceiver} as notification-service and token endpoint. With the init argument
 * {@code sink=off} the relay is given no sink URL (it must then send nothing); the receiver still runs, at
 * {@code probe.receiver-url}, so that a test can prove nothing reached it.
 */
public class SinkTestResource implements QuarkusTestResourceLifecycleManager {

    private SinkReceiver receiver;
    private boolean sink = true;

    @Override
    public void init(Map<String, String> initArgs) {
        sink = !"off".equals(initArgs.get("sink"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new LinkedHashMap<>(new PlatformTestResource().start());
        receiver = new SinkReceiver();
        props.put("probe.receiver-url", receiver.url());
        props.put("platform.events.token-url", receiver.url() + "/oauth2/token");
        // a trailing slash, as an operator may well write it
        props.put("platform.events.sink-url", sink ? receiver.url() + "/" : "");
        return props;
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.stop();
        }
    }
}
