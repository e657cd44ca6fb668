package com.cardplatform.events;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Turns the payload a service recorded in its outbox (its snapshot of the change, written in SQL) into the public
 * {@code data} of the event, with the service's own views (for example D1's operation object, exactly as the
 * on-demand GET renders it). A service declares one CDI bean per group of types; a type without a renderer is
 * relayed with its payload as it is, so such a payload must already be public (no PAN, code, digest or secret).
 */
public interface EventRenderer {

    /** The event types this renderer turns into public data. */
    Set<String> types();

    /** The public data of an event of one of {@link #types()}, from the payload recorded with it. */
    JsonObject render(String type, JsonObject payload);

    /**
     * The same data as JSON text, which is what the relay sends. A renderer that produces text anyway (an object
     * mapper's {@code writeValueAsString}) returns it here rather than parsing it into a {@link JsonObject} that the
     * relay would only encode again.
     */
    default String renderJson(String type, JsonObject payload) {
        JsonObject data = render(type, payload);
        return data == null ? null : data.encode();
    }
}
