package com.cardplatform.events.probe;

import com.cardplatform.events.EventRenderer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** A service's view of one of its events: the payload keeps a private field that the public data must not carry. */
@ApplicationScoped
public class ProbeRenderer implements EventRenderer {

    public static final String TYPE = "probe.widget.renamed";

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public JsonObject render(String type, JsonObject payload) {
        return new JsonObject().put("widgetId", payload.getString("id")).put("name", payload.getString("newName"))
                .put("renderedBy", "probe");
    }
}
