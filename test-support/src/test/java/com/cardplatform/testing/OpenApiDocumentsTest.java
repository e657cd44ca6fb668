package com.cardplatform.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The checks of {@link OpenApiDocuments} fail on the faults they are there for, and pass on a sound document. */
class OpenApiDocumentsTest {

    private static final String SOUND = """
            {"openapi":"3.1.0","info":{"title":"t","version":"1"},
             "components":{"securitySchemes":{"jwt":{"type":"http","scheme":"bearer"}},
               "examples":{"Denied":{"value":{"error":"denied"}}}},
             "paths":{"/things/{id}":{"get":{"summary":"Get a thing","security":[{"jwt":[]}],
               "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}},
                 {"name":"x-correlation-id","in":"header","description":"correlation","schema":{"type":"string"}}],
               "responses":{"200":{"description":"The thing"},
                 "403":{"description":"Denied","content":{"application/json":{"examples":{
                   "denied":{"$ref":"#/components/examples/Denied"}}}}}}}}}}""";

    @Test
    void aSoundDocumentPasses() {
        assertDoesNotThrow(() -> OpenApiDocuments.assertValid(SOUND));
        assertDoesNotThrow(() -> OpenApiDocuments.assertBearerSchemeNamedConsistently(SOUND));
        assertDoesNotThrow(() -> OpenApiDocuments.assertCovers(SOUND, SOUND));
    }

    @Test
    void aHeaderParameterWithoutSchemaIsReported() {
        String document = SOUND.replace(",\"description\":\"correlation\",\"schema\":{\"type\":\"string\"}",
                ",\"description\":\"correlation\"");
        AssertionError error = assertThrows(AssertionError.class, () -> OpenApiDocuments.assertValid(document));
        assertTrue(error.getMessage().contains("x-correlation-id"), error.getMessage());
    }

    @Test
    void anotherSchemeNameIsReported() {
        String document = SOUND.replace("\"jwt\"", "\"bearer\"");
        AssertionError error = assertThrows(AssertionError.class,
                () -> OpenApiDocuments.assertBearerSchemeNamedConsistently(document));
        assertTrue(error.getMessage().contains("bearer"), error.getMessage());
        assertThrows(AssertionError.class, () -> OpenApiDocuments.assertNoSecurityScheme(SOUND));
    }

    @Test
    void aLostDescriptionParameterOrExampleIsReported() {
        String changed = SOUND.replace("\"The thing\"", "\"OK\"")
                .replace("\"description\":\"correlation\",", "")
                .replace("{\"error\":\"denied\"}", "{\"error\":\"other\"}");
        AssertionError error = assertThrows(AssertionError.class, () -> OpenApiDocuments.assertCovers(changed, SOUND));
        assertTrue(error.getMessage().contains("3 thing(s)"), error.getMessage());
        String noOperation = SOUND.replace("\"get\":", "\"put\":");
        assertThrows(AssertionError.class, () -> OpenApiDocuments.assertCovers(noOperation, SOUND));
    }

    @Test
    void pathsThatResolveTheSameRequestAreReported() {
        String sameShape = SOUND.replace("\"paths\":{", "\"paths\":{\"/things/{action}\":{\"post\":{\"responses\":"
                + "{\"202\":{\"description\":\"Accepted\"}}}},");
        AssertionError error = assertThrows(AssertionError.class,
                () -> OpenApiDocuments.assertPathsResolveUnambiguously(sameShape));
        assertTrue(error.getMessage().contains("/things/{action} and /things/{id}"), error.getMessage());
        assertThrows(AssertionError.class, () -> OpenApiDocuments.assertPathsResolveUnambiguously(
                SOUND.replace("\"paths\":{", "\"paths\":{\"/{kind}/mine\":{},")));
    }

    @Test
    void aMoreSpecificPathIsNotAmbiguous() {
        for (String path : new String[] {"/things/{id}:recover", "/things/mine", "/things/{id}/secret:rotate",
                "/others/{id}"}) {
            String document = SOUND.replace("\"paths\":{", "\"paths\":{\"" + path + "\":{},");
            assertDoesNotThrow(() -> OpenApiDocuments.assertPathsResolveUnambiguously(document), path);
        }
        assertDoesNotThrow(() -> OpenApiDocuments.assertPathsResolveUnambiguously(SOUND));
    }
}
