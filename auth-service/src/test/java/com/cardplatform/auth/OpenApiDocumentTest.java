package com.cardplatform.auth;

import com.cardplatform.testing.PublishedOpenApiDocumentTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The token service's published document, checked as {@link PublishedOpenApiDocumentTest} says: it declares no
 * security scheme (its endpoints take client credentials, not a bearer token).
 */
@QuarkusTest
@WithTestResource(AuthTestResource.class)
class OpenApiDocumentTest extends PublishedOpenApiDocumentTest {

    OpenApiDocumentTest() {
        super(Security.NONE);
    }
}
