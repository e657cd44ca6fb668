package com.cardplatform.guard.openapi;

import com.cardplatform.guard.idempotency.IdempotencyKeys;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the guard on every partner operation of the published OpenAPI: the {@code Idempotency-Key} header and
 * its 409/422 answers on writes, the rate limit headers and the 429 on every operation. One place, so that no
 * resource repeats it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class GuardOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        List<String> excluded = List.of(ConfigProvider.getConfig()
                .getOptionalValue("platform.guard.excluded-paths", String.class).orElse("/internal/,/q/,/.well-known/")
                .split(","));
        for (Map.Entry<String, PathItem> entry : openAPI.getPaths().getPathItems().entrySet()) {
            if (excluded.stream().anyMatch(prefix -> entry.getKey().startsWith(prefix.trim()))) {
                continue;
            }
            entry.getValue().getOperations().forEach((method, operation) -> {
                boolean write = IdempotencyKeys.isWrite(method.name());
                document(operation, write);
            });
        }
    }

    private static void document(Operation operation, boolean write) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (write) {
            operation.addParameter(OASFactory.createParameter()
                    .name(IdempotencyKeys.HEADER)
                    .in(Parameter.In.HEADER)
                    .required(false)
                    .description("Makes a retry of this write safe: the same key with the same request within 24 hours "
                            + "answers the first result again (with Idempotent-Replayed: true) and changes nothing "
                            + "more. 1 to 255 printable ASCII characters; a UUID is recommended. Scoped to the client.")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).minLength(1).maxLength(255)
                            .pattern("^[\\x20-\\x7E]{1,255}$")));
            if (!responses.hasAPIResponse("409")) {
                responses.addAPIResponse("409", OASFactory.createAPIResponse().description(
                        "A request with the same Idempotency-Key is still being processed (Retry-After)"));
            }
            if (!responses.hasAPIResponse("422")) {
                responses.addAPIResponse("422", OASFactory.createAPIResponse().description(
                        "The Idempotency-Key was already used with a different request"));
            }
            responses.getAPIResponses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    response.addHeader(IdempotencyKeys.REPLAYED_HEADER, header(
                            "true when this is the kept answer of an earlier request with the same Idempotency-Key"));
                }
            });
        }
        if (!responses.hasAPIResponse("429")) {
            responses.addAPIResponse("429", OASFactory.createAPIResponse().description(
                    "Over the client's rate limit for this API; retry after Retry-After seconds")
                    .addHeader("Retry-After", header("Seconds until a request is allowed again")));
        }
        responses.getAPIResponses().forEach((status, response) -> response
                .addHeader("RateLimit-Policy", header("The client's quota and window for this API, e.g. \"citi\";q=100;w=1"))
                .addHeader("RateLimit", header("What is left of the quota and when it is whole again, e.g. \"citi\";r=99;t=1")));
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
}
