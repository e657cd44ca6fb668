package com.cardplatform.notify.api;

import com.cardplatform.errors.ApiError;
import com.cardplatform.notify.crypto.SecretBox;
import com.cardplatform.notify.repository.NotifyRepository;
import com.cardplatform.notify.repository.NotifyRepository.Issuer;
import com.cardplatform.notify.safety.DestinationPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Issuer-side provisioning of D1 callbacks (scope {@code notifications:internal}): where Notify Card Operations go
 * and how to get a token there. The client secret is stored encrypted and never shown.
 */
@Path("/internal/issuers/{issuerId}/notifications")
@RolesAllowed("notifications:internal")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "D1 issuer callbacks")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class IssuersResource {

    private static final Pattern ISSUER = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private final NotifyRepository repository;
    private final SecretBox secrets;
    private final DestinationPolicy policy;

    public IssuersResource(NotifyRepository repository, SecretBox secrets, DestinationPolicy policy) {
        this.repository = repository;
        this.secrets = secrets;
        this.policy = policy;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the issuer's callback: baseUrl, optional token endpoint (client_credentials), maxOperations")
    public Uni<Issuer> put(@PathParam("issuerId") String issuerId, @Valid @NotNull IssuerRequest request) {
        String id = issuerId(issuerId);
        boolean oauth = request.tokenUrl() != null && !request.tokenUrl().isBlank();
        if (oauth && (request.clientId() == null || request.clientId().isBlank()
                || request.clientSecret() == null || request.clientSecret().isEmpty())) {
            throw ApiError.invalidValue(request.clientId() == null ? "clientId" : "clientSecret",
                    "clientId and clientSecret are required with tokenUrl");
        }
        policy.parse("baseUrl", request.baseUrl());
        if (oauth) {
            policy.parse("tokenUrl", request.tokenUrl());
        }
        byte[] sealed = oauth ? secrets.sealText(request.clientSecret(), "issuer:" + id) : null;
        return Uni.createFrom().item(() -> {
                    policy.validate("baseUrl", request.baseUrl());
                    if (oauth) {
                        policy.validate("tokenUrl", request.tokenUrl());
                    }
                    return id;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(() -> repository.putIssuer(id, request.baseUrl(), oauth ? request.tokenUrl() : null,
                        oauth ? request.clientId() : null, sealed, oauth ? request.scope() : null,
                        request.maxOperations() == null ? 10 : request.maxOperations(),
                        request.enabled() == null || request.enabled(), Instant.now()));
    }

    @GET
    public Uni<Issuer> get(@PathParam("issuerId") String issuerId) {
        return repository.findIssuer(issuerId(issuerId)).map(EndpointsResource::found);
    }

    @DELETE
    public Uni<Response> delete(@PathParam("issuerId") String issuerId) {
        return repository.deleteIssuer(issuerId(issuerId)).map(deleted -> {
            if (!deleted) {
                throw ApiError.notFound("No such issuer configuration");
            }
            return Response.noContent().build();
        });
    }

    private static String issuerId(String value) {
        if (value == null || !ISSUER.matcher(value).matches()) {
            throw ApiError.invalidFormat("issuerId", "issuerId must be 1 to 64 letters, digits, '_' or '-'");
        }
        return value;
    }
}
