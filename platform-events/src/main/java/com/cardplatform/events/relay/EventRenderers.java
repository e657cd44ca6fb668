package com.cardplatform.events.relay;

import com.cardplatform.events.EventRenderer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;

/** The service's {@link EventRenderer} beans by event type; a type without one is relayed with its payload. */
@ApplicationScoped
public class EventRenderers {

    private final Map<String, EventRenderer> byType = new HashMap<>();

    public EventRenderers(@Any Instance<EventRenderer> renderers) {
        for (EventRenderer renderer : renderers) {
            for (String type : renderer.types()) {
                EventRenderer previous = byType.put(type, renderer);
                if (previous != null && previous != renderer) {
                    // two views of one event would make its data depend on bean order: refuse to start
                    throw new IllegalStateException("Two EventRenderer beans render " + type);
                }
            }
        }
    }

    /**
     * The public data of an event as JSON text, from its payload as JSON text: a type without a renderer is sent as
     * recorded, without being parsed (PostgreSQL's text of the {@code jsonb} value).
     */
    public String dataJson(String type, String payload) {
        EventRenderer renderer = byType.get(type);
        return renderer == null ? payload : renderer.renderJson(type, new JsonObject(payload));
    }

    /** The public data of an event. */
    public JsonObject data(String type, JsonObject payload) {
        EventRenderer renderer = byType.get(type);
        return renderer == null ? payload : renderer.render(type, payload);
    }
}
