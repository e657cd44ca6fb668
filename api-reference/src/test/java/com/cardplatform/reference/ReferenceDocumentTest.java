package com.cardplatform.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReferenceDocumentTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A service document with two APIs (tags), shared and private components, and a server of its own. */
    static final String PUBLISHED = """
            {"openapi":"3.1.0","info":{"title":"card-service","version":"1","description":"Cards."},
             "servers":[{"url":"http://localhost:8083"}],
             "tags":[{"name":"Card status (Citi)"},{"name":"Tracking Hub"},{"name":"Internal"}],
             "paths":{
              "/v1/cards/status/detail":{"put":{"tags":["Card status (Citi)"],"security":[{"jwt":[]}],
                "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Status"}}}}}},
              "/issuers/{issuerId}/physicalCards/{cardId}/operations:track":{"parameters":[{"name":"issuerId","in":"path"}],
                "post":{"tags":["Tracking Hub"],"servers":[{"url":"http://localhost:8083"}],
                "responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Track"}}}}}}},
              "/internal/carrier-events":{"post":{"tags":["Internal"]}}},
             "components":{"schemas":{
                "Status":{"type":"object","properties":{"code":{"$ref":"#/components/schemas/Code"}}},
                "Code":{"type":"string"},
                "Track":{"type":"object"}},
              "securitySchemes":{"jwt":{"type":"http","scheme":"bearer"},"other":{"type":"http","scheme":"basic"}}}}
            """;

    @Test
    void keepsTheApisOperationsTheirComponentsAndPointsTryItOutAtThePagesOrigin() throws Exception {
        ApiPage citi = ApiPage.bySlug("citi").orElseThrow();
        JsonNode doc = ReferenceDocument.of(JSON.readTree(PUBLISHED), citi);
        assertEquals("[\"/v1/cards/status/detail\"]", JSON.writeValueAsString(doc.path("paths").properties()
                .stream().map(e -> e.getKey()).toList()));
        assertEquals("[{\"url\":\"/\",\"description\":\"this site: the platform's HTTPS entry\"}]",
                doc.path("servers").toString());
        assertEquals("[{\"name\":\"Card status (Citi)\"}]", doc.path("tags").toString());
        assertEquals("Citi card status", doc.path("info").path("title").asText());
        assertTrue(doc.path("info").path("description").asText().contains("cards:status"));
        // components reached from the operations, transitively, and the security schemes they name
        assertTrue(doc.path("components").path("schemas").has("Status"));
        assertTrue(doc.path("components").path("schemas").has("Code"));
        assertFalse(doc.path("components").path("schemas").has("Track"));
        assertTrue(doc.path("components").path("securitySchemes").has("jwt"));
        assertFalse(doc.path("components").path("securitySchemes").has("other"));
    }

    @Test
    void anOperationsOwnServersAreDroppedSoThatEveryCallGoesToThePagesOrigin() throws Exception {
        JsonNode doc = ReferenceDocument.of(JSON.readTree(PUBLISHED), ApiPage.bySlug("d1-tracking").orElseThrow());
        JsonNode path = doc.path("paths").path("/issuers/{issuerId}/physicalCards/{cardId}/operations:track");
        assertFalse(path.path("post").has("servers"));
        assertEquals("issuerId", path.path("parameters").get(0).path("name").asText());
        assertFalse(doc.path("paths").has("/internal/carrier-events"));
        assertTrue(doc.path("components").path("schemas").has("Track"));
    }

    @Test
    void thePageHasNoInlineScriptOrStyle() {
        String html = ReferencePages.page(ApiPage.bySlug("triple").orElseThrow());
        assertFalse(html.contains("<script>") || html.contains("<style") || html.contains("style="), html);
        assertTrue(html.contains("<script src=\"/docs/triple/assets/swagger-ui-bundle.js\"></script>"));
        assertTrue(html.contains("data-url=\"/docs/triple/openapi.json\""));
    }

    @Test
    void swaggerUiIsPackaged() {
        for (String file : ApiReferenceRoutes.ASSETS.keySet()) {
            assertTrue(ApiReferenceRoutes.load(ApiReferenceRoutes.ASSETS.get(file), file).length() > 0, file);
        }
    }
}
