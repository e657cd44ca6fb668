package com.cardplatform.consumer.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The bodies of D1's custom methods ({@code operations:delete}, ...) are optional. A POST without a body is what it
 * is whatever Content-Type the client put on it (some HTTP clients always send one), so it is not refused with 415: a
 * non-empty body still has to be JSON. (An encoded colon, {@code operations%3Adelete}, is routed as the literal one
 * by common-errors' {@code ColonPathNormalizer}.)
 */
public class EmptyBodyContentType {

    @ServerRequestFilter(preMatching = true)
    public void normalize(ContainerRequestContext context) {
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
}
