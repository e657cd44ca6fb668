package com.cardplatform.card.status.api;

import com.cardplatform.card.status.service.StatusCodeTable;
import com.cardplatform.errors.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Citi request headers, checked before the body is read, one by one in this order: {@code Accept},
 * {@code Content-Type}, {@code uuid}, {@code countryCode}, {@code businessCode}, {@code ChannelId}, {@code sid},
 * then the optional {@code client_id} and {@code Accept-Language}. The first one missing or malformed is a 400
 * invalidRequest naming it in {@code location}; then a country/business/channel combination that is not
 * configured is a 403 accessNotConfigured.
 */
@Provider
@CitiHeaders
public class CitiHeaderFilter implements ContainerRequestFilter {

    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9_-]{1,32}$");
    private static final Pattern SID = Pattern.compile("^[A-Za-z0-9_.:=+/-]{1,128}$");
    private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9_.:-]{1,128}$");
    private static final Pattern LANGUAGES = Pattern.compile("^[A-Za-z0-9*,;=. -]{1,128}$");

    private final StatusCodeTable table;

    public CitiHeaderFilter(StatusCodeTable table) {
        this.table = table;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = required(request, "Accept");
        if (!acceptsJson(accept)) {
            throw ApiError.invalidValue("Accept", "Responses are application/json");
        }
        String contentType = required(request, "Content-Type");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ApiError.invalidValue("Content-Type", "The request body must be application/json");
        }
        check(request, "uuid", UUID);
        String country = check(request, "countryCode", COUNTRY);
        if (!COUNTRIES.contains(country)) {
            throw ApiError.invalidValue("countryCode", "countryCode is not an ISO 3166 alpha-2 country");
        }
        String business = check(request, "businessCode", CODE);
        String channel = check(request, "ChannelId", CODE);
        check(request, "sid", SID);
        optional(request, "client_id", CLIENT_ID);
        optional(request, "Accept-Language", LANGUAGES);
        if (!table.allowed(country, business, channel)) {
            throw ApiError.forbidden("Channel/Country/Business provided in the request is not supported currently");
        }
    }

    private static String required(ContainerRequestContext request, String name) {
        String value = request.getHeaderString(name);
        if (value == null || value.isBlank()) {
            throw ApiError.invalidFormat(name, name + " header is required");
        }
        return value.trim();
    }

    private static String check(ContainerRequestContext request, String name, Pattern format) {
        String value = required(request, name);
        if (!format.matcher(value).matches()) {
            throw ApiError.invalidFormat(name, name + " header must match " + format.pattern());
        }
        return value;
    }

    private static void optional(ContainerRequestContext request, String name, Pattern format) {
        String value = request.getHeaderString(name);
        if (value != null && !format.matcher(value.trim()).matches()) {
            throw ApiError.invalidFormat(name, name + " header must match " + format.pattern());
        }
    }

    private static boolean acceptsJson(String accept) {
        for (String range : accept.split(",")) {
            String type = range.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
                return true;
            }
        }
        return false;
    }
}
