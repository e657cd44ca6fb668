package com.cardplatform.activation.api;

/** Examples of the OpenAPI document, taken from the seed where it has them. */
final class Examples {

    private static final String BAD = "{\"status\": 400, \"success\": false, \"message\": \"";
    private static final String END = "\"}";

    static final String REQUEST = """
            [
                {"quoteNumber": "95000000", "proxyNumber": "6039530407033839166", "activationCode": "123456"},
                {"quoteNumber": "95000000", "proxyNumber": "6039530407041188598", "activationCode": "654321"}
            ]""";
    static final String SUCCESS = "{\"status\": 200, \"success\": true, "
            + "\"message\": \"All records have been saved successfully\"}";
    static final String MALFORMED = "{\"status\": 400, \"error\": \"Bad Request\", \"message\": \"JSON parse error: "
            + "Unexpected character ('{' (code 123)): was expecting comma to separate Array entries at line 3, "
            + "column 2\", \"path\": \"/cards/v1/set-activation-codes\"}";
    static final String PROXY_MISSING = BAD + "Invalid Input - Proxy Number is missing in one of the record with "
            + "Quote Number 1234" + END;
    static final String QUOTE_MISSING = BAD + "Invalid Input - Quote Number is missing in one of the record with "
            + "Proxy Number 454577" + END;
    static final String CODE_MISSING = BAD + "Invalid Input - Activation Code is missing in one of the record with "
            + "Quote Number 5689" + END;
    static final String CODE_INVALID = BAD + "Invalid Input - Activation code 123 is not a valid value. Minimum 4 "
            + "and maximum 16 digits only" + END;
    static final String DUPLICATE = BAD + "Invalid Input - Duplicate record for Quote Number 95000000 and Proxy "
            + "Number 6039530407033839166" + END;
    static final String EMPTY = BAD + "Invalid Input - The request must contain at least one record" + END;
    static final String NOT_ARRAY = BAD + "Invalid Input - The request body must be a JSON array of records with "
            + "quoteNumber, proxyNumber and activationCode" + END;
    static final String TOO_MANY = "{\"status\": 413, \"success\": false, \"message\": \"Invalid Input - A request "
            + "may contain at most 5000 records (1000 recommended); this one has 5001\"}";
    static final String UNAUTHORIZED = "{\"status\": 401, \"success\": false, \"message\": \"Unauthorized - the "
            + "access token is missing, invalid or expired\"}";
    static final String FORBIDDEN = "{\"status\": 403, \"success\": false, \"message\": \"Forbidden - the access "
            + "token does not allow this operation\"}";
    static final String GENERIC = "{\"status\": 500, \"success\": false, \"message\": \"Generic error while "
            + "creating activation codes, please try again\"}";
    static final String ATTEMPT = "{\"quoteNumber\": \"95000000\", \"proxyNumber\": \"6039530407033839166\", "
            + "\"activationCode\": \"123456\"}";
    static final String MATCH = "{\"status\": 200, \"success\": true, \"message\": \"Activation code matches\"}";
    static final String NO_MATCH = "{\"status\": 422, \"success\": false, \"message\": \"Invalid Input - "
            + "Activation code does not match\"}";
    static final String LOCKED = "{\"status\": 423, \"success\": false, \"message\": \"Invalid Input - Too many "
            + "failed attempts: activation is locked until a new activation code is set\"}";

    private Examples() {
    }
}
