package com.cardplatform.consumer;

import com.cardplatform.testing.PublishedOpenApiDocumentTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The published document, checked as {@link PublishedOpenApiDocumentTest} says, under the platform's bearer
 * scheme; and it still says all that the reference document ({@code src/test/resources/openapi-reference.json},
 * the document as published before its prose, examples and error answers moved from annotations to
 * {@code META-INF/openapi.yaml}) says.
 */
@QuarkusTest
@WithTestResource(ConsumerTestResource.class)
class OpenApiDocumentTest extends PublishedOpenApiDocumentTest {

    OpenApiDocumentTest() {
        super(Security.PLATFORM_BEARER, "/openapi-reference.json");
    }
}
