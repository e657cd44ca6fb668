package com.cardplatform.testing.probe;

import com.cardplatform.runtime.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Public endpoints (no security annotation), one of which uses the injected request-scoped {@link Caller}. */
@Path("/d1/caller-probe")
@Produces(MediaType.APPLICATION_JSON)
public class CallerProbeResource {

    private final Caller caller;

    public CallerProbeResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Path("/whoami")
    public Map<String, Object> whoami() {
        return Map.of("clientId", caller.clientId(), "issuerId", String.valueOf(caller.issuerId()),
                "scopes", List.copyOf(caller.scopes()));
    }

    @GET
    @Path("/public")
    public Map<String, Object> open() {
        return Map.of("ok", true);
    }
}
