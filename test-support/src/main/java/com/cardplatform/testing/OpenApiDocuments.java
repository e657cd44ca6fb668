package com.cardplatform.testing;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a service's published OpenAPI document the way a partner's tooling reads it: swagger-parser (the parser
 * under the OpenAPI Generator) with references resolved. Any message it reports (a header parameter without a
 * schema, a dangling reference, an unknown field...) fails, all of them listed.
 */
public final class OpenApiDocuments {

    /** The one name of the bearer (access token) security scheme in every service's document. */
    public static final String SECURITY_SCHEME = "jwt";

    private OpenApiDocuments() {
    }

    /** Parses the document and returns it; fails listing every message of the parser. */
    public static OpenAPI assertValid(String document) {
        SwaggerParseResult result = parse(document);
        List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
        if (!messages.isEmpty() || result.getOpenAPI() == null) {
            throw new AssertionError("The OpenAPI document is not valid: " + messages.size() + " message(s)\n  "
                    + String.join("\n  ", messages.isEmpty() ? List.of("(no document parsed)") : messages));
        }
        return result.getOpenAPI();
    }

    /**
     * Fails unless the document's only security scheme is {@link #SECURITY_SCHEME} and every security requirement
     * (the document's and each operation's) names it and nothing else.
     */
    public static void assertBearerSchemeNamedConsistently(String document) {
        OpenAPI api = parse(document).getOpenAPI();
        if (api == null) {
            throw new AssertionError("The document could not be parsed at all");
        }
        Set<String> schemes = api.getComponents() == null || api.getComponents().getSecuritySchemes() == null
                ? Set.of() : new TreeSet<>(api.getComponents().getSecuritySchemes().keySet());
        List<String> problems = new ArrayList<>();
        if (!schemes.equals(Set.of(SECURITY_SCHEME))) {
            problems.add("security schemes are " + schemes + ", expected exactly [" + SECURITY_SCHEME + "]");
        }
        checkRequirements("document", api.getSecurity(), problems);
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    checkRequirements(method + " " + path, security(operation), problems)));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Security scheme naming:\n  " + String.join("\n  ", problems));
        }
    }

    /** Fails if the document declares or requires any security scheme (a service whose API takes no bearer token). */
    public static void assertNoSecurityScheme(String document) {
        OpenAPI api = parse(document).getOpenAPI();
        if (api == null) {
            throw new AssertionError("The document could not be parsed at all");
        }
        boolean declared = api.getComponents() != null && api.getComponents().getSecuritySchemes() != null
                && !api.getComponents().getSecuritySchemes().isEmpty();
        if (declared) {
            throw new AssertionError("Unexpected security schemes: " + api.getComponents().getSecuritySchemes().keySet());
        }
    }

    private static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    private static List<SecurityRequirement> security(Operation operation) {
        return operation.getSecurity();
    }

    private static void checkRequirements(String where, List<SecurityRequirement> requirements, List<String> problems) {
        if (requirements == null) {
            return;
        }
        for (Map<String, List<String>> requirement : requirements) {
            for (String name : requirement.keySet()) {
                if (!SECURITY_SCHEME.equals(name)) {
                    problems.add(where + " requires security scheme '" + name + "'");
                }
            }
        }
    }
}
