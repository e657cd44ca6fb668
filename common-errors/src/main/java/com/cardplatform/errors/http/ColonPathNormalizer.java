package com.cardplatform.errors.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The platform's custom methods carry a literal colon in their paths (D1's {@code operations:track} and
 * {@code operations:delete}, the webhooks' {@code secret:rotate}); many HTTP clients percent-encode it as
 * {@code %3A}. Both spell the same path (RFC 3986 section 6.2.2.2), so every service routes the encoded form as the
 * literal one.
 */
@ApplicationScoped
public class ColonPathNormalizer {

    /** Before the platform's request edge (order -10000), so that everything after sees the normal path. */
    private static final int ORDER = -10_001;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::normalize);
    }

    private void normalize(RoutingContext rc) {
        String path = rc.request().path();
        if (path != null && (path.contains("%3A") || path.contains("%3a"))) {
            String query = rc.request().query();
            String normal = path.replace("%3A", ":").replace("%3a", ":");
            rc.reroute(query == null ? normal : normal + "?" + query);
            return;
        }
        rc.next();
    }
}
