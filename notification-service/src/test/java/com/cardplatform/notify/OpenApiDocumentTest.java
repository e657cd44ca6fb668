package com.cardplatform.notify;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import com.cardplatform.testing.PublishedOpenApiDocumentTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published document, checked as {@link PublishedOpenApiDocumentTest} says, under the platform's bearer scheme;
 * and the custom methods {@code :recover} and {@code :resend} under the literal paths a partner calls, not under
 * the one-segment template their resources dispatch on.
 */
@QuarkusTest
@WithTestResource(NotifyTestResource.class)
class OpenApiDocumentTest extends PublishedOpenApiDocumentTest {

    OpenApiDocumentTest() {
        super(Security.PLATFORM_BEARER);
    }

    @Test
    void theCustomMethodsArePublishedUnderTheirLiteralPaths() throws IOException {
        List<String> paths = new ArrayList<>();
        new ObjectMapper().readTree(published()).path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths, hasItems("/webhooks/endpoints/{id}:recover", "/webhooks/events/{id}:resend",
                "/webhooks/endpoints/{id}/secret:rotate", "/webhooks/endpoints/{id}", "/webhooks/events/{id}"));
        assertThat(paths, not(hasItem(containsString("{action}"))));
    }
}
