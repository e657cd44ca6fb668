package com.cardplatform.auth;

import static io.restassured.RestAssured.given;

import com.cardplatform.testing.OpenApiDocuments;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The published document (GET /q/openapi, what a partner feeds its code generator) read by swagger-parser: no
 * message at all, and the one bearer scheme name of the platform. A copy is left in target/ for review.
 */
@QuarkusTest
@WithTestResource(AuthTestResource.class)
class OpenApiDocumentTest {

    private static String published() throws IOException {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        Files.writeString(Path.of("target", "published-openapi.json"), document);
        return document;
    }

    @Test
    void thePublishedDocumentIsValidOpenApi() throws IOException {
        OpenApiDocuments.assertValid(published());
    }

    @Test
    void theBearerSchemeHasThePlatformsOneName() throws IOException {
        OpenApiDocuments.assertNoSecurityScheme(published());
    }
}
