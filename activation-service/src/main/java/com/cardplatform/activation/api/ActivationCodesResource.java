package com.cardplatform.activation.api;

import com.cardplatform.activation.service.ActivationCodeService;
import com.cardplatform.errors.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Blackhawk "Set Activation Codes" (seed 002) and the cardholder side it implies. Both act on the card issuer
 * of the token ({@code issuer_id}) and need the scope {@code cards:activation-codes}.
 */
@Path("/cards/v1")
@Tag(name = "Activation codes")
@SecurityRequirement(name = "SecurityScheme")
public class ActivationCodesResource {

    public static final String SCOPE = "cards:activation-codes";

    private final Caller caller;
    private final ActivationRecordsReader reader;
    private final ActivationCodeService service;

    public ActivationCodesResource(Caller caller, ActivationRecordsReader reader, ActivationCodeService service) {
        this.caller = caller;
        this.reader = reader;
        this.service = service;
    }

    @POST
    @Path("/set-activation-codes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(SCOPE)
    @Operation(summary = "Set the activation code of one or more cards",
            description = "A JSON array of {quoteNumber, proxyNumber, activationCode}. quoteNumber (at most 18 digits) "
                    + "and proxyNumber (at most 19 digits) are JSON numbers or strings of digits; activationCode "
                    + "matches [A-Za-z0-9]{4,16} and is case-sensitive. No partial processing: one invalid record "
                    + "rejects the whole request and nothing is written. A card that already has a code gets the new "
                    + "one (and its failed verification attempts are cleared). At most 1,000 records per request are "
                    + "recommended; the hard cap is 5,000 records (413 above it) and 2 MiB of body.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ActivationCodeRecord.class, maxItems = 5000,
                    minItems = 1),
            examples = @ExampleObject(name = "seed", value = Examples.REQUEST)))
    @APIResponse(responseCode = "200", description = "All records saved", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActivationResult.class),
            examples = @ExampleObject(name = "success", value = Examples.SUCCESS)))
    @APIResponse(responseCode = "400", description = "Invalid record or malformed JSON; nothing was written",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
                    @ExampleObject(name = "malformed JSON", value = Examples.MALFORMED),
                    @ExampleObject(name = "proxy number missing", value = Examples.PROXY_MISSING),
                    @ExampleObject(name = "quote number missing", value = Examples.QUOTE_MISSING),
                    @ExampleObject(name = "activation code missing", value = Examples.CODE_MISSING),
                    @ExampleObject(name = "activation code invalid", value = Examples.CODE_INVALID),
                    @ExampleObject(name = "duplicate card", value = Examples.DUPLICATE),
                    @ExampleObject(name = "empty array", value = Examples.EMPTY),
                    @ExampleObject(name = "not an array", value = Examples.NOT_ARRAY)}))
    @APIResponse(responseCode = "401", description = "Missing, invalid or expired token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "unauthorized", value = Examples.UNAUTHORIZED)))
    @APIResponse(responseCode = "403", description = "Scope cards:activation-codes missing or token bound to no issuer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "forbidden", value = Examples.FORBIDDEN)))
    @APIResponse(responseCode = "413", description = "More than 5,000 records, or a body above 2 MiB",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "too many records", value = Examples.TOO_MANY)))
    @APIResponse(responseCode = "415", description = "Content-Type is not application/json")
    @APIResponse(responseCode = "500", description = "Unexpected failure; nothing was written",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "generic error", value = Examples.GENERIC)))
    @APIResponse(responseCode = "503", description = "Database unavailable; nothing was written; Retry-After. With the "
            + "header Write-Outcome: unknown the connection was lost during the COMMIT and the codes may have been "
            + "saved: send the same request again, it answers the original result")
    public Uni<ActivationResult> setActivationCodes(byte[] body) throws IOException {
        String issuerId = caller.requireBoundIssuer();
        return service.setCodes(issuerId, reader.batch(body))
                .replaceWith(ActivationResult.SAVED);
    }

    @POST
    @Path("/verify-activation-code")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(SCOPE)
    @Operation(summary = "Verify the activation code a cardholder entered",
            description = "Answers 200 when the code matches the card's. An unknown card and a wrong code give the "
                    + "same 422 answer. After 5 consecutive failures (unknown cards included) the card is locked: "
                    + "423 whatever the code, until a new code is set with set-activation-codes.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ActivationCodeRecord.class),
            examples = @ExampleObject(name = "attempt", value = Examples.ATTEMPT)))
    @APIResponse(responseCode = "200", description = "The code matches", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActivationResult.class),
            examples = @ExampleObject(name = "match", value = Examples.MATCH)))
    @APIResponse(responseCode = "400", description = "Invalid input (same messages as set-activation-codes)")
    @APIResponse(responseCode = "422", description = "No match (unknown card or wrong code, indistinguishable)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "no match", value = Examples.NO_MATCH)))
    @APIResponse(responseCode = "423", description = "Locked after too many failed attempts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "locked", value = Examples.LOCKED)))
    @APIResponse(responseCode = "503", description = "Database unavailable; nothing was counted; Retry-After. With the "
            + "header Write-Outcome: unknown the connection was lost after the attempt was sent and it may have been "
            + "counted; a repetition counts as one new attempt, no more")
    public Uni<ActivationResult> verifyActivationCode(byte[] body) throws IOException {
        String issuerId = caller.requireBoundIssuer();
        return service.verify(issuerId, reader.attempt(body))
                .replaceWith(ActivationResult.MATCHES);
    }
}
