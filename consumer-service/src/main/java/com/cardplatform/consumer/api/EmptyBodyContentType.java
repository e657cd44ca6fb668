package com.cardplatform.consumer.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Request normalizations before JAX-RS matches a resource.
 *
 * <p>D1 custom methods are written {@code operations:delete}. Many HTTP clients percent-encode the colon
 * ({@code operations%3Adelete}) and JAX-RS matches the encoded path, which would turn a valid request into a
 * 404. Both spellings name the same resource here.</p>
 *
 * <p>The bodies of the custom methods are optional. A POST without a body is what it is whatever Content-Type
 * the client put on it (some HTTP clients always send one), so it is not refused with 415: a non-empty body
 * still has to be JSON.</p>
 */
public class OperationPathNormalizer {

    @ServerRequestFilter(preMatching = true)
    public void normalize(ContainerRequestContext context) {
        decodeColon(context);
        emptyBodyIsNotAMediaTypeQuestion(context);
    }

    private static void emptyBodyIsNotAMediaTypeQuestion(ContainerRequestContext context) {
        if (!"POST".equals(context.getMethod()) || context.getHeaderString(HttpHeaders.CONTENT_TYPE) == null) {
            return;
        }
        String length = context.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = context.getHeaderString("Transfer-Encoding") != null;
        if ("0".equals(length) || length == null && !chunked) {
            context.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }

    private static void decodeColon(ContainerRequestContext context) {
        URI uri = context.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path == null || path.indexOf('%') < 0) {
            return;
        }
        String normalized = path.replace("/operations%3A", "/operations:").replace("/operations%3a", "/operations:");
        if (!normalized.equals(path)) {
            String query = uri.getRawQuery();
            context.setRequestUri(URI.create(normalized + (query == null ? "" : "?" + query)));
        }
    }
}
