package com.cardplatform.notify.api;

import com.cardplatform.errors.ApiError;
import com.cardplatform.runtime.security.Caller;
import com.cardplatform.guard.idempotency.AnswerHoldsSecret;
import com.cardplatform.guard.idempotency.KeyedRequest;
import com.cardplatform.notify.crypto.SecretBox;
import com.cardplatform.notify.crypto.WebhookSigner;
import com.cardplatform.notify.delivery.Dispatcher;
import com.cardplatform.notify.repository.NotifyRepository;
import com.cardplatform.notify.repository.NotifyRepository.Endpoint;
import com.cardplatform.notify.safety.DestinationPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * A partner's webhook endpoints (scope {@code webhooks:manage}). The secret is shown when the endpoint is created
 * and when it is rotated, never again. Another tenant's endpoint is a 404, like one that does not exist.
 */
@Path("/webhooks/endpoints")
@RolesAllowed("webhooks:manage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhook endpoints")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class EndpointsResource {

    static final Duration PREVIOUS_SECRET_SIGNS_FOR = Duration.ofHours(24);

    private final NotifyRepository repository;
    private final SecretBox secrets;
    private final DestinationPolicy policy;
    private final Dispatcher dispatcher;
    private final Caller caller;

    public EndpointsResource(NotifyRepository repository, SecretBox secrets, DestinationPolicy policy,
            Dispatcher dispatcher, Caller caller) {
        this.repository = repository;
        this.secrets = secrets;
        this.policy = policy;
        this.dispatcher = dispatcher;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an endpoint; the answer shows its secret (whsec_...) once")
    @AnswerHoldsSecret
    public Uni<Response> create(@Valid @NotNull EndpointRequests.Create request) {
        String tenant = Tenants.of(caller);
        UUID id = UUID.randomUUID();
        String secret = WebhookSigner.newSecret();
        String byRequest = KeyedRequest.currentToken().orElse(null);
        return checkedUrl(request.url())
                .chain(() -> repository.createEndpoint(id, tenant, request.url(), request.eventTypes(),
                        request.description(), secrets.sealText(secret, "endpoint:" + id), Instant.now(), byRequest))
                // the endpoint this request created before its answer was lost was deleted a moment ago
                .map(written -> written.orElseThrow(() -> ApiError.notFound(
                        "The endpoint created by the first request with this Idempotency-Key was deleted since")))
                .map(written -> Response.status(201).entity(shown(written, secret)).build());
    }

    @GET
    @Operation(summary = "The caller's endpoints (secrets are never shown again)")
    public Uni<Map<String, List<Endpoint>>> list() {
        return repository.listEndpoints(Tenants.of(caller)).map(list -> Map.of("data", list));
    }

    @GET
    @Path("/{id}")
    public Uni<Endpoint> get(@PathParam("id") String id) {
        return repository.findEndpoint(Tenants.of(caller), uuid(id)).map(EndpointsResource::found);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change url, eventTypes, description or disabled (absent members are kept)")
    public Uni<Endpoint> patch(@PathParam("id") String id, @Valid @NotNull EndpointRequests.Patch request) {
        String tenant = Tenants.of(caller);
        UUID endpointId = uuid(id);
        Uni<Void> check = request.url() == null ? Uni.createFrom().voidItem() : checkedUrl(request.url());
        return check.chain(() -> repository.patchEndpoint(tenant, endpointId, request.url(), request.eventTypes(),
                        request.description() != null, request.description(), request.disabled(), Instant.now()))
                .map(EndpointsResource::found)
                .invoke(endpoint -> {
                    if (Boolean.FALSE.equals(request.disabled())) {
                        dispatcher.kick();
                    }
                });
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return repository.deleteEndpoint(Tenants.of(caller), uuid(id)).map(deleted -> {
            if (!deleted) {
                throw ApiError.notFound("No such endpoint");
            }
            return Response.noContent().build();
        });
    }

    @POST
    @Path("/{id}/secret:rotate")
    @Operation(summary = "A new secret, shown once; the previous one keeps signing beside it for 24 h")
    @AnswerHoldsSecret
    public Uni<Endpoint> rotate(@PathParam("id") String id) {
        UUID endpointId = uuid(id);
        String secret = WebhookSigner.newSecret();
        Instant now = Instant.now();
        String byRequest = KeyedRequest.currentToken().orElse(null);
        return repository.rotateSecret(Tenants.of(caller), endpointId, secrets.sealText(secret, "endpoint:" + endpointId),
                        now, now.plus(PREVIOUS_SECRET_SIGNS_FOR), byRequest)
                .map(EndpointsResource::found)
                .map(written -> shown(written, secret));
    }

    /**
     * The endpoint with the secret its answer shows: the new one; or, for the repetition of a keyed write that had
     * already created the endpoint or rotated its secret (its first answer lost with a replica, KeyedRequest), the
     * secret the endpoint has now, which that write had set.
     */
    private Endpoint shown(NotifyRepository.Written written, String newSecret) {
        Endpoint endpoint = written.endpoint();
        if (written.keptSecret() == null) {
            return endpoint.withSecret(newSecret);
        }
        try {
            return endpoint.withSecret(secrets.openText(written.keptSecret(), "endpoint:" + endpoint.id()));
        } catch (RuntimeException e) {
            // the first run's change stands: the key must stay bound to this request, not be released
            throw ApiError.outcomeUnknown(e);
        }
    }

    /**
     * {@code POST /webhooks/endpoints/{id}:recover}: the colon form is matched here, off one path segment. Hidden
     * from the scan: {@code META-INF/openapi.yaml} publishes the literal path, which no other template matches.
     */
    @POST
    @Path("/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<Response> recover(@PathParam("action") String action, @Valid @NotNull EndpointRequests.Recover request) {
        if (!action.endsWith(":recover")) {
            throw ApiError.notFound("No such resource");
        }
        UUID endpointId = uuid(action.substring(0, action.length() - ":recover".length()));
        String tenant = Tenants.of(caller);
        return repository.findEndpoint(tenant, endpointId)
                .map(EndpointsResource::found)
                .chain(endpoint -> repository.recover(tenant, endpointId, request.since().toInstant(), Instant.now()))
                .map(n -> {
                    if (n > 0) {
                        dispatcher.kick();
                    }
                    return Response.accepted(Map.of("recovering", n)).build();
                });
    }

    private Uni<Void> checkedUrl(String url) {
        policy.parse("url", url);
        // the name is resolved and every address checked: blocking DNS, so on a worker thread
        return Uni.createFrom().item(() -> policy.validate("url", url))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .replaceWithVoid();
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound("No such resource");
        }
    }

    static <T> T found(Optional<T> value) {
        return value.orElseThrow(() -> ApiError.notFound("No such resource"));
    }
}
