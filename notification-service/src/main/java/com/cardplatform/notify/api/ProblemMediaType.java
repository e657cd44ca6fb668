package com.cardplatform.notify.api;

import com.cardplatform.errors.Dialect;
import com.cardplatform.errors.dialect.ProblemRenderer;
import com.cardplatform.errors.http.ErrorResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * RFC 9457 answers are {@code application/problem+json}. The shared JAX-RS mappers build every error response as
 * {@code application/json} and then add the renderer's headers, which does not replace the media type already set;
 * this filter gives the problem bodies of this service their own media type. (The Vert.x edge handlers already
 * honour the renderer's Content-Type.)
 */
public class ProblemMediaType {

    private static final MediaType PROBLEM = MediaType.valueOf(ProblemRenderer.MEDIA_TYPE);

    private final ErrorResponses errors;

    public ProblemMediaType(ErrorResponses errors) {
        this.errors = errors;
    }

    @ServerResponseFilter
    public void problem(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && response.getEntity() instanceof Map<?, ?> body
                && body.containsKey("type") && body.containsKey("title") && body.containsKey("status")
                && errors.dialectFor(request.getUriInfo().getPath()) == Dialect.PROBLEM) {
            response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, PROBLEM);
        }
    }
}
