package com.cardplatform.activation.api;

import com.cardplatform.activation.CardCode;
import com.cardplatform.activation.service.ActivationCodeService;
import com.cardplatform.guard.idempotency.KeptByItsWrite;
import com.cardplatform.guard.idempotency.KeyInTheWrite;
import com.cardplatform.guard.idempotency.KeyedRequest;
import com.cardplatform.runtime.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Blackhawk "Set Activation Codes" (seed 002) and the cardholder side it implies. Both act on the card issuer
 * of the token ({@code issuer_id}) and need the scope {@code cards:activation-codes}. Their descriptions, examples
 * and error answers are in the API's OpenAPI document, {@code META-INF/openapi.yaml}.
 */
@Path("/cards/v1")
@SecurityRequirement(name = "jwt")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class ActivationCodesResource {

    public static final String SCOPE = "cards:activation-codes";

    private final Caller caller;
    private final ActivationRecordsReader reader;
    private final ActivationCodeService service;
    private final KeyInTheWrite keys;

    public ActivationCodesResource(Caller caller, ActivationRecordsReader reader, ActivationCodeService service,
            KeyInTheWrite keys) {
        this.caller = caller;
        this.reader = reader;
        this.service = service;
        this.keys = keys;
    }

    @POST
    @Path("/set-activation-codes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(SCOPE)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ActivationCodeRecord.class, maxItems = 5000,
                    minItems = 1)))
    @APIResponse(responseCode = "200", description = "All records saved")
    // its statement keeps the Idempotency-Key with this answer (partner-guard's KeyInTheWrite)
    @KeptByItsWrite
    public Uni<ActivationResult> setActivationCodes(byte[] body) throws IOException {
        String issuerId = caller.requireBoundIssuer();
        List<CardCode> batch = reader.batch(body);
        return service.setCodes(issuerId, batch, keys.answering(200, ActivationResult.SAVED))
                .replaceWith(ActivationResult.SAVED);
    }

    @POST
    @Path("/verify-activation-code")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(SCOPE)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ActivationCodeRecord.class)))
    @APIResponse(responseCode = "200", description = "The code matches")
    public Uni<ActivationResult> verifyActivationCode(byte[] body) throws IOException {
        String issuerId = caller.requireBoundIssuer();
        return service.verify(issuerId, reader.attempt(body), KeyedRequest.currentToken().orElse(null))
                .replaceWith(ActivationResult.MATCHES);
    }
}
