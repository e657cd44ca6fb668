package com.cardplatform.rewards.paging;

import com.cardplatform.errors.ApiError;
import com.cardplatform.rewards.wire.ExternalId;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The query parameters of a list, read from the request as sent: JAX-RS would drop an empty value
 * ({@code ?card_account_external_id=} would then list everything) and pick one of two values silently, and a
 * conversion failure would be a bare 404. Here an empty value, a value given twice or a value out of its documented
 * range is a 400 TripleBadRequestError naming the parameter; unknown parameters are ignored.
 */
public final class QueryParams {

    private static final Pattern INTEGER = Pattern.compile("^-?[0-9]{1,18}$");
    /** Triple's list filters: "non-empty and <= 255 characters"; control characters cannot name anything stored. */
    private static final Pattern NO_CONTROL = Pattern.compile("^\\P{Cntrl}*$");

    private final MultiMap params;

    private QueryParams(MultiMap params) {
        this.params = params;
    }

    public static QueryParams of(HttpServerRequest request) {
        try {
            // ';' is part of a value, not a separator (as in URLSearchParams): an external id may contain it
            return new QueryParams(request.params(true));
        } catch (IllegalArgumentException e) {
            // an invalid percent-escape: the HTTP layer refuses such a request before it gets here (a bare 400), this
            // keeps it a 400 should that change
            throw ApiError.invalidFormat("query", "is not a valid percent-encoded query string");
        }
    }

    /** The one value of {@code name}, or null when absent; given empty or twice is a 400. */
    public String single(String name) {
        List<String> values = params.getAll(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiError.invalidValue(name, "must be given at most once");
        }
        String value = values.get(0);
        if (value.isEmpty()) {
            throw ApiError.invalidValue(name, "must not be empty");
        }
        return value;
    }

    /** An integer within {@code min..max}, {@code fallback} when absent. */
    public int integer(String name, int fallback, int min, int max) {
        String raw = single(name);
        if (raw == null) {
            return fallback;
        }
        if (!INTEGER.matcher(raw).matches()) {
            throw ApiError.invalidFormat(name, "must be an integer from " + min + " to " + max);
        }
        long value = Long.parseLong(raw);
        if (value < min || value > max) {
            throw ApiError.invalidValue(name, "must be an integer from " + min + " to " + max);
        }
        return (int) value;
    }

    /** An external id filter (Triple's list parameters: non-empty, at most 255 characters), null when absent. */
    public String externalId(String name) {
        String raw = single(name);
        if (raw == null) {
            return null;
        }
        if (raw.length() > ExternalId.MAX_LENGTH) {
            throw ApiError.invalidValue(name, "must be 1 to 255 characters long");
        }
        if (!NO_CONTROL.matcher(raw).matches()) {
            throw ApiError.invalidFormat(name, "must not contain control characters");
        }
        return raw;
    }
}
