package com.cardplatform.card.simulations;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * With {@code platform.simulations.enabled=false} (production) the sandbox paths do not exist: refused before
 * matching, so before the token and scope checks, with the same 404 as any unknown path.
 */
public class SimulationsGate {

    static final String PREFIX = "/simulations/";

    private final boolean enabled;

    public SimulationsGate(@ConfigProperty(name = "platform.simulations.enabled", defaultValue = "true")
            boolean enabled) {
        this.enabled = enabled;
    }

    @ServerRequestFilter(preMatching = true)
    public void gate(ContainerRequestContext request) {
        if (!enabled && request.getUriInfo().getPath().startsWith(PREFIX)) {
            throw new NotFoundException();
        }
    }
}
