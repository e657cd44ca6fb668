package com.cardplatform.auth.token;

import com.cardplatform.errors.ApiError;
import jakarta.ws.rs.core.MultivaluedMap;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated token request: every input is length-capped and checked before anything touches the database.
 * RFC 6749: parameters must not repeat; client credentials come from HTTP Basic or the form, not both.
 */
public record TokenRequest(String grantType, String clientId, String clientSecret, String scope, String assertion) {

    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    /** RFC 6749 appendix A.4: scope tokens are %x21 / %x23-5B / %x5D-7E, separated by spaces. */
    private static final Pattern SCOPE = Pattern.compile("^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$");
    private static final Pattern ASSERTION = Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$");

    public static TokenRequest parse(MultivaluedMap<String, String> form, String authorization) {
        String grantType = single(form, "grant_type", 128);
        if (grantType == null) {
            throw invalidRequest("grant_type is required");
        }
        String formId = single(form, "client_id", 256);
        String formSecret = single(form, "client_secret", 512);
        String scope = single(form, "scope", 1024);
        String assertion = single(form, "assertion", 8192);

        String clientId = formId;
        String clientSecret = formSecret;
        if (authorization != null) {
            if (formSecret != null) {
                throw invalidRequest("Use one client authentication method: HTTP Basic or form credentials");
            }
            String[] basic = basic(authorization);
            if (formId != null && !formId.equals(basic[0])) {
                throw invalidRequest("client_id does not match the HTTP Basic credentials");
            }
            clientId = basic[0];
            clientSecret = basic[1];
        }
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw invalidClient();
        }
        if (scope != null && !SCOPE.matcher(scope).matches()) {
            throw ApiError.invalidFormat("scope", "scope is not a space-separated list of scope tokens")
                    .withCode("invalid_scope");
        }
        if (assertion != null && !ASSERTION.matcher(assertion).matches()) {
            throw ApiError.invalidFormat("assertion", "assertion is not a compact JWS").withCode("invalid_grant");
        }
        return new TokenRequest(grantType, clientId, clientSecret, scope, assertion);
    }

    private static String[] basic(String authorization) {
        if (authorization.length() > 1024 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw invalidClient();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidClient();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw invalidClient();
        }
        try {
            // RFC 6749 2.3.1: both parts are form-urlencoded before Base64
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw invalidClient();
        }
    }

    private static String single(MultivaluedMap<String, String> form, String name, int maxLength) {
        List<String> values = form == null ? null : form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw invalidRequest(name + " must not be repeated");
        }
        String value = values.get(0);
        if (value == null || value.isEmpty()) {
            return null; // RFC 6749 3.2: a parameter without a value is treated as omitted
        }
        if (value.length() > maxLength) {
            throw invalidRequest(name + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    static ApiError invalidRequest(String detail) {
        return ApiError.invalidFormat(null, detail).withCode("invalid_request");
    }

    static ApiError invalidClient() {
        return ApiError.unauthorized("Client authentication failed").withCode("invalid_client");
    }
}
