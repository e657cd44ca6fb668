package com.cardplatform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
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

    /**
     * Fails when two of the document's path templates resolve the same request with neither the more specific: the
     * same number of segments, and at every position segments that some one segment matches, without one template
     * matching only what the other matches too. {@code /a/{id}} beside {@code /a/{action}} is such a pair (what
     * linters such as Spectral's {@code path-params} and Redocly's {@code no-ambiguous-paths} report);
     * {@code /a/{id}} beside {@code /a/{id}:recover} or {@code /a/mine} is not, since the latter is the more
     * specific (OpenAPI: concrete paths are matched before templated ones). HTTP methods do not matter: a client's
     * router sees the path first. Lists every pair.
     */
    public static void assertPathsResolveUnambiguously(String document) {
        List<String> paths = new ArrayList<>();
        read(document).path("paths").fieldNames().forEachRemaining(paths::add);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (PathTemplate.ambiguous(paths.get(i), paths.get(j))) {
                    pairs.add(paths.get(i) + " and " + paths.get(j));
                }
            }
        }
        if (!pairs.isEmpty()) {
            throw new AssertionError("Paths that resolve the same request: " + pairs.size() + "\n  "
                    + String.join("\n  ", pairs));
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

    /**
     * Fails unless the published document says everything the reference document says of its operations: every path
     * and operation; their summary, description, operationId and tags; every parameter (name, in, required,
     * description); the request body's and every response's description, media types, headers and examples (compared
     * by value, {@code $ref}s resolved); every schema name under components; the title and description of the API.
     * Security requirements are compared by their scopes (the scheme's name is checked by
     * {@link #assertBearerSchemeNamedConsistently}). Lists every difference.
     */
    public static void assertCovers(String published, String reference) {
        JsonNode pub = read(published);
        JsonNode ref = read(reference);
        List<String> missing = new ArrayList<>();
        same("info.title", ref, ref.path("info").path("title"), pub, pub.path("info").path("title"), missing);
        same("info.description", ref, ref.path("info").path("description"), pub, pub.path("info").path("description"),
                missing);
        for (Iterator<String> names = ref.path("components").path("schemas").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (pub.path("components").path("schemas").path(name).isMissingNode()) {
                missing.add("components.schemas." + name);
            }
        }
        for (Iterator<String> paths = ref.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = ref.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                String where = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
                JsonNode refOp = ref.path("paths").path(path).path(method);
                JsonNode pubOp = pub.path("paths").path(path).path(method);
                if (pubOp.isMissingNode()) {
                    missing.add(where + ": operation missing");
                    continue;
                }
                if (!refOp.isObject()) {
                    same(where, ref, refOp, pub, pubOp, missing);
                    continue;
                }
                coversOperation(where, ref, refOp, pub, pubOp, missing);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("The published OpenAPI document lost " + missing.size()
                    + " thing(s) of the reference:\n  " + String.join("\n  ", missing));
        }
    }

    private static void coversOperation(String where, JsonNode ref, JsonNode refOp, JsonNode pub, JsonNode pubOp,
            List<String> missing) {
        for (String field : List.of("summary", "description", "operationId", "deprecated")) {
            same(where + " " + field, ref, refOp.path(field), pub, pubOp.path(field), missing);
        }
        for (JsonNode tag : refOp.path("tags")) {
            if (!contains(pubOp.path("tags"), tag)) {
                missing.add(where + " tag " + tag.asText());
            }
        }
        for (JsonNode refParam : refOp.path("parameters")) {
            JsonNode r = resolve(ref, refParam);
            JsonNode p = null;
            for (JsonNode candidate : pubOp.path("parameters")) {
                JsonNode c = resolve(pub, candidate);
                if (c.path("name").equals(r.path("name")) && c.path("in").equals(r.path("in"))) {
                    p = c;
                }
            }
            String param = where + " parameter " + r.path("in").asText() + " " + r.path("name").asText();
            if (p == null) {
                missing.add(param + " missing");
                continue;
            }
            for (String field : List.of("required", "description")) {
                same(param + " " + field, ref, r.path(field), pub, p.path(field), missing);
            }
        }
        if (!refOp.path("requestBody").isMissingNode()) {
            JsonNode r = resolve(ref, refOp.path("requestBody"));
            JsonNode p = resolve(pub, pubOp.path("requestBody"));
            same(where + " requestBody.required", ref, r.path("required"), pub, p.path("required"), missing);
            same(where + " requestBody.description", ref, r.path("description"), pub, p.path("description"), missing);
            coversContent(where + " requestBody", ref, r.path("content"), pub, p.path("content"), missing);
        }
        for (Iterator<String> codes = refOp.path("responses").fieldNames(); codes.hasNext(); ) {
            String code = codes.next();
            String response = where + " response " + code;
            JsonNode r = resolve(ref, refOp.path("responses").path(code));
            JsonNode p = resolve(pub, pubOp.path("responses").path(code));
            if (p.isMissingNode()) {
                missing.add(response + " missing");
                continue;
            }
            same(response + " description", ref, r.path("description"), pub, p.path("description"), missing);
            for (Iterator<String> headers = r.path("headers").fieldNames(); headers.hasNext(); ) {
                String header = headers.next();
                if (p.path("headers").path(header).isMissingNode()) {
                    missing.add(response + " header " + header);
                }
            }
            coversContent(response, ref, r.path("content"), pub, p.path("content"), missing);
        }
        List<String> refScopes = scopes(refOp.path("security"));
        List<String> pubScopes = scopes(pubOp.path("security"));
        if (!refScopes.equals(pubScopes)) {
            missing.add(where + " security scopes " + refScopes + " became " + pubScopes);
        }
    }

    private static void coversContent(String where, JsonNode ref, JsonNode refContent, JsonNode pub,
            JsonNode pubContent, List<String> missing) {
        for (Iterator<String> types = refContent.fieldNames(); types.hasNext(); ) {
            String type = types.next();
            JsonNode r = refContent.path(type);
            JsonNode p = pubContent.path(type);
            if (p.isMissingNode()) {
                missing.add(where + " content " + type + " missing");
                continue;
            }
            same(where + " " + type + " example", ref, r.path("example"), pub, p.path("example"), missing);
            if (!r.path("schema").isMissingNode() && p.path("schema").isMissingNode()) {
                missing.add(where + " " + type + " schema missing");
            }
            for (Iterator<String> names = r.path("examples").fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode re = resolve(ref, r.path("examples").path(name));
                JsonNode pe = resolve(pub, p.path("examples").path(name));
                if (pe.isMissingNode()) {
                    missing.add(where + " " + type + " example '" + name + "' missing");
                    continue;
                }
                same(where + " " + type + " example '" + name + "'", ref, re.path("value"), pub, pe.path("value"),
                        missing);
                same(where + " " + type + " example '" + name + "' summary", ref, re.path("summary"), pub,
                        pe.path("summary"), missing);
            }
        }
    }

    private static void same(String what, JsonNode refDoc, JsonNode ref, JsonNode pubDoc, JsonNode pub,
            List<String> missing) {
        if (ref.isMissingNode() || ref.isNull()) {
            return;
        }
        JsonNode r = resolve(refDoc, ref);
        JsonNode p = resolve(pubDoc, pub);
        if (!r.equals(p)) {
            missing.add(what + ": " + abbreviate(r) + " became " + (p.isMissingNode() ? "(absent)" : abbreviate(p)));
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> scopes(JsonNode security) {
        List<String> scopes = new ArrayList<>();
        for (JsonNode requirement : security) {
            for (JsonNode list : requirement) {
                List<String> one = new ArrayList<>();
                list.forEach(scope -> one.add(scope.asText()));
                one.sort(null);
                scopes.add(one.toString());
            }
        }
        scopes.sort(null);
        return scopes;
    }

    /** Follows a local {@code $ref} (#/components/...) of the document, as a code generator would. */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        int hops = 0;
        while (node.isObject() && node.has("$ref") && node.path("$ref").asText().startsWith("#/") && hops++ < 10) {
            node = document.at(node.path("$ref").asText().substring(1));
        }
        return node;
    }

    private static JsonNode read(String document) {
        try {
            return new ObjectMapper().readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
