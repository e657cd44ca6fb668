package com.cardplatform.testing.probe;

import com.cardplatform.errors.ApiError;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.ConnectException;
import java.util.Map;

/** One resource per dialect prefix; each path fails in one category. */
@Path("/{dialect:d1|citi|blackhawk|triple|oauth}")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    /** Fields are checked in declaration order: "name" is the first field in error when both are wrong. */
    public record Item(@NotNull @Pattern(regexp = "^[a-z]{1,8}$") String name, @Max(10) int count) {
    }

    @POST
    @Path("/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("probe:write")
    public Map<String, Object> create(@PathParam("dialect") String dialect, @Valid Item item) {
        return Map.of("name", item.name(), "count", item.count());
    }

    @GET
    @Path("/items")
    @RolesAllowed("probe:read")
    public Map<String, Object> read(@PathParam("dialect") String dialect) {
        return Map.of("ok", true);
    }

    @GET
    @Path("/boom")
    public Map<String, Object> boom(@PathParam("dialect") String dialect) {
        throw new IllegalStateException("secret internals: password=hunter2");
    }

    @GET
    @Path("/database-down")
    public Map<String, Object> databaseDown(@PathParam("dialect") String dialect) throws ConnectException {
        throw new ConnectException("Connection refused: localhost/127.0.0.1:5432");
    }

    @GET
    @Path("/not-found")
    public Map<String, Object> notFound(@PathParam("dialect") String dialect) {
        throw ApiError.notFound("no such item");
    }
}
