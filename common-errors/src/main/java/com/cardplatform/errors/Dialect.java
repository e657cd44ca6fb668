package com.cardplatform.errors;

import com.cardplatform.errors.dialect.BlackhawkRenderer;
import com.cardplatform.errors.dialect.CitiRenderer;
import com.cardplatform.errors.dialect.D1Renderer;
import com.cardplatform.errors.dialect.OAuthRenderer;
import com.cardplatform.errors.dialect.ProblemRenderer;
import com.cardplatform.errors.dialect.TripleRenderer;

/** The wire dialects of the platform's APIs. A service selects one with {@code platform.errors.dialect}. */
public enum Dialect {
    /** Thales D1: tracking hub and consumer operations. */
    D1(new D1Renderer()),
    /** Blackhawk Network: set activation codes. */
    BLACKHAWK(new BlackhawkRenderer()),
    /** Citi Banamex: card status detail. */
    CITI(new CitiRenderer()),
    /** Triple: rewards card accounts. */
    TRIPLE(new TripleRenderer()),
    /** RFC 6749 section 5.2: the token endpoint. */
    OAUTH(new OAuthRenderer()),
    /** RFC 9457 problem details ({@code application/problem+json}): APIs of our own design (webhooks). */
    PROBLEM(new ProblemRenderer());

    private final ErrorRenderer renderer;

    Dialect(ErrorRenderer renderer) {
        this.renderer = renderer;
    }

    public RenderedError render(ApiError error, RequestInfo request) {
        return renderer.render(error, request);
    }
}
