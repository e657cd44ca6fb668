package com.cardplatform.guard.probe;

import com.cardplatform.errors.ApiError;
import com.cardplatform.guard.idempotency.AnswerHoldsSecret;
import com.cardplatform.guard.idempotency.KeptByItsWrite;
import com.cardplatform.guard.idempotency.KeyInTheWrite;
import com.cardplatform.guard.idempotency.KeyedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.server.Cancellable;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Writes that count their effects in a table, so that a test can tell one effect from two. */
@Path("/")
@RolesAllowed("widgets")
@Cancellable(false)
public class WidgetResource {

    public record NewWidget(String name) {
    }

    public record Widget(long id, String name) {
    }

    /**
     * A widget inserted unless its name is "refused", holding its transaction {@code $3} seconds after the insert,
     * with the request's key kept by the same statement when a widget was inserted.
     */
    static final String INSERT_KEEPING_KEY = "WITH w AS (INSERT INTO probe.widget (client_id, name) SELECT $1, $2"
            + " WHERE $2 <> 'refused' RETURNING id), pause AS (SELECT pg_sleep($3::float8) FROM w), "
            + KeyInTheWrite.cte("probe", 4, "EXISTS (SELECT 1 FROM w)")
            + " SELECT (SELECT count(*) FROM w) AS inserted, (SELECT count(*) FROM pause) AS paused";

    private final Pool pool;
    private final JsonWebToken token;
    private final KeyInTheWrite keys;

    public WidgetResource(Pool pool, JsonWebToken token, KeyInTheWrite keys) {
        this.pool = pool;
        this.token = token;
        this.keys = keys;
    }

    /** A write of one statement that keeps its own key ({@link KeyInTheWrite}); its answer is known before it runs. */
    @POST
    @Path("widgets/saved")
    @KeptByItsWrite
    public Uni<Map<String, Object>> save(NewWidget widget, @QueryParam("holdMs") long holdMs) {
        Map<String, Object> saved = Map.of("saved", true);
        KeyInTheWrite.KeyRow key = keys.answering(200, saved);
        Tuple parameters = key.addTo(Tuple.of(token.getSubject(), widget.name(), holdMs / 1000.0));
        return key.keptWith(pool.preparedQuery(INSERT_KEEPING_KEY).execute(parameters))
                .map(rows -> {
                    if (rows.iterator().next().getLong("inserted") == 0) {
                        throw ApiError.unprocessable("this name is refused");
                    }
                    return saved;
                });
    }

    @POST
    @Path("widgets")
    public Uni<Response> create(NewWidget widget, @QueryParam("delayMs") long delayMs) {
        if (widget == null || widget.name() == null || widget.name().isBlank()) {
            throw ApiError.invalidValue("name", "must not be blank");
        }
        Uni<Void> wait = delayMs > 0 ? Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delayMs))
                : Uni.createFrom().voidItem();
        return wait.flatMap(ignored -> pool
                .preparedQuery("INSERT INTO probe.widget (client_id, name) VALUES ($1, $2) RETURNING id")
                .execute(Tuple.of(token.getSubject(), widget.name())))
                .map(rows -> rows.iterator().next().getLong("id"))
                .map(id -> Response.created(URI.create("/widgets/" + id)).entity(new Widget(id, widget.name()))
                        .type(MediaType.APPLICATION_JSON).build());
    }

    /** A write whose answer is written by another body writer than JSON's (text/plain: the record's toString). */
    @POST
    @Path("widgets/plain")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<Widget> createAsText(NewWidget widget) {
        return pool.preparedQuery("INSERT INTO probe.widget (client_id, name) VALUES ($1, $2) RETURNING id")
                .execute(Tuple.of(token.getSubject(), widget.name()))
                .map(rows -> new Widget(rows.iterator().next().getLong("id"), widget.name()));
    }

    /** The keyed request's token as the resource sees it ({@link KeyedRequest}); "none" without a key. */
    @POST
    @Path("widgets/token")
    public Map<String, String> token(NewWidget widget) {
        return Map.of("token", KeyedRequest.currentToken().orElse("none"));
    }

    /** A write that fails after it changed something (as a counted failed verification does): 422 after the insert. */
    @POST
    @Path("widgets/attempts")
    public Uni<Response> attempt(NewWidget widget) {
        return pool.preparedQuery("INSERT INTO probe.widget (client_id, name) VALUES ($1, $2)")
                .execute(Tuple.of(token.getSubject(), widget.name()))
                .map(rows -> {
                    throw ApiError.unprocessable("the attempt was counted and failed").afterChange();
                });
    }

    /** A write whose outcome is unknown (as when the connection is lost during its COMMIT): 503 after the insert. */
    @POST
    @Path("widgets/lost")
    public Uni<Response> lost(NewWidget widget) {
        return pool.preparedQuery("INSERT INTO probe.widget (client_id, name) VALUES ($1, $2)")
                .execute(Tuple.of(token.getSubject(), widget.name()))
                .map(rows -> {
                    throw ApiError.outcomeUnknown(new IllegalStateException("the connection was lost"));
                });
    }

    /** A write whose answer holds a secret, shown once (as a webhook endpoint's signing secret is). */
    @POST
    @Path("widgets/keys")
    @AnswerHoldsSecret
    public Uni<Map<String, Object>> createKey(NewWidget widget) {
        String secret = "secret_" + java.util.UUID.randomUUID();
        return pool.preparedQuery("INSERT INTO probe.widget (client_id, name) VALUES ($1, $2) RETURNING id")
                .execute(Tuple.of(token.getSubject(), widget.name()))
                .map(rows -> Map.of("id", rows.iterator().next().getLong("id"), "secret", secret));
    }

    /** A mistake: a write that keeps its own key cannot answer a secret (it would be kept unsealed). */
    @POST
    @Path("widgets/saved-secret")
    @KeptByItsWrite
    @AnswerHoldsSecret
    public Map<String, Object> saveSecret(NewWidget widget) {
        return Map.of("secret", "secret_" + java.util.UUID.randomUUID(),
                "kept", keys.answering(200, Map.of("secret", "shown once")).present());
    }

    @PUT
    @Path("citi/widgets/{name}")
    public Uni<Map<String, Object>> put(@PathParam("name") String name) {
        return pool.preparedQuery("INSERT INTO probe.widget (client_id, name) VALUES ($1, $2) RETURNING id")
                .execute(Tuple.of(token.getSubject(), name))
                .map(rows -> Map.of("id", rows.iterator().next().getLong("id"), "name", name));
    }

    @DELETE
    @Path("widgets/{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return pool.preparedQuery("DELETE FROM probe.widget WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> Response.noContent().build());
    }

    @GET
    @Path("widgets/count")
    public Uni<Long> count() {
        return pool.query("SELECT count(*) FROM probe.widget").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
