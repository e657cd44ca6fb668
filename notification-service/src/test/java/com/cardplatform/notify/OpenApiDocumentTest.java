package com.cardplatform.notify;

import com.cardplatform.testing.PublishedOpenApiDocumentTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The published document, checked as {@link PublishedOpenApiDocumentTest} says, under the platform's bearer scheme. */
@QuarkusTest
@WithTestResource(NotifyTestResource.class)
class OpenApiDocumentTest extends PublishedOpenApiDocumentTest {

    OpenApiDocumentTest() {
        super(Security.PLATFORM_BEARER);
    }
}
