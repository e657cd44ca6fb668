package com.cardplatform.activation;

import static io.restassured.RestAssured.given;

import com.cardplatform.testing.OpenApiDocuments;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The published document (GET /q/openapi, what a partner feeds its code generator) read by swagger-parser: no
 * message at all, and the one bearer scheme name of the platform. A copy is left in target/ for review. And it
 * still says all that the reference document ({@code src/test/resources/openapi-reference.json}, the document as
 * published before its prose and examples moved from annotations to {@code META-INF/openapi.yaml}) says.
 */
@QuarkusTest
@WithTestResource(ActivationTestResource.class)
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
        OpenApiDocuments.assertBearerSchemeNamedConsistently(published());
    }

    @Test
    void thePublishedDocumentSaysAllTheReferenceSays() throws IOException {
        try (InputStream reference = getClass().getResourceAsStream("/openapi-reference.json")) {
            OpenApiDocuments.assertCovers(published(), new String(reference.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
