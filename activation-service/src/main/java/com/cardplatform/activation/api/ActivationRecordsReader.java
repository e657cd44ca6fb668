package com.cardplatform.activation.api;

import com.cardplatform.activation.CardCode;
import com.cardplatform.activation.config.ActivationConfig;
import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads request bodies into {@link CardCode}s with the seed's exact messages. The body is read as a JSON tree,
 * not bound to a DTO, because the seed wants record-level sentences ("Proxy Number is missing in one of the
 * record with Quote Number 1234") that name the other key of the record, in record order: the first bad record
 * wins, and one bad record rejects the whole request.
 *
 * <p>Within one record the checks run in this order: the record is an object; quote and proxy numbers are not
 * both missing; the quote number, then the proxy number, is well-formed when present; the proxy number, then
 * the quote number, is present; the activation code is present, then valid; the card is not a duplicate of an
 * earlier record. A JSON syntax error is thrown as Jackson's exception and rendered by the shared mapper in the
 * seed's {@code status, error, message, path} shape.</p>
 */
@ApplicationScoped
public class ActivationRecordsReader {

    static final String QUOTE = "quoteNumber";
    static final String PROXY = "proxyNumber";
    static final String CODE = "activationCode";
    static final int QUOTE_MAX_DIGITS = 18;
    static final int PROXY_MAX_DIGITS = 19;
    /** The seed's regex, [A-Za-z0-9]{4,16} (case-sensitive), checked by {@link #validCode(String)}. */
    static final int CODE_MIN = 4;
    static final int CODE_MAX = 16;
    /** Longest echo of an invalid code in a message: the seed echoes the value, we never echo much of it. */
    private static final int CODE_ECHO_MAX = 16;
    /** Longest echo of an invalid quote or proxy number. */
    private static final int NUMBER_ECHO_MAX = 24;

    private final ObjectReader json;
    private final int maxRecords;

    public ActivationRecordsReader(ObjectMapper mapper, ActivationConfig config) {
        // "[...] garbage" is as malformed as a missing comma
        this.json = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxRecords = config.maxRecords();
    }

    /** The body of set-activation-codes: a non-empty JSON array of at most {@code max-records} records. */
    public List<CardCode> batch(byte[] body) throws IOException {
        JsonNode root = tree(body);
        if (root == null || !root.isArray()) {
            throw ApiError.invalidFormat("body",
                    "The request body must be a JSON array of records with quoteNumber, proxyNumber and activationCode");
        }
        int size = root.size();
        if (size == 0) {
            throw ApiError.invalidFormat("body", "The request must contain at least one record");
        }
        if (size > maxRecords) {
            throw ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE, "body", "A request may contain at most " + maxRecords
                    + " records (1000 recommended); this one has " + size);
        }
        List<CardCode> records = new ArrayList<>(size);
        Set<String> cards = new HashSet<>(size * 2);
        for (int i = 0; i < size; i++) {
            CardCode record = record(root.get(i), i + 1);
            if (!cards.add(record.quoteNumber() + ':' + record.proxyNumber())) {
                throw ApiError.invalidValue("body", "Duplicate record for Quote Number " + record.quoteNumber()
                        + " and Proxy Number " + record.proxyNumber());
            }
            records.add(record);
        }
        return records;
    }

    /** The body of verify-activation-code: one JSON object with the same three fields and the same rules. */
    public CardCode attempt(byte[] body) throws IOException {
        JsonNode root = tree(body);
        if (root == null || !root.isObject()) {
            throw ApiError.invalidFormat("body",
                    "The request body must be a JSON object with quoteNumber, proxyNumber and activationCode");
        }
        return record(root, 1);
    }

    private JsonNode tree(byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            return null;
        }
        JsonNode root = json.readTree(body);
        return root == null || root.isMissingNode() ? null : root;
    }

    private static CardCode record(JsonNode record, int position) {
        if (record == null || !record.isObject()) {
            throw ApiError.invalidFormat("body", "Record " + position + " is not a JSON object");
        }
        JsonNode quote = record.get(QUOTE);
        JsonNode proxy = record.get(PROXY);
        boolean quoteMissing = missing(quote);
        boolean proxyMissing = missing(proxy);
        if (quoteMissing && proxyMissing) {
            throw ApiError.invalidFormat(QUOTE, "Quote Number and Proxy Number are missing in record " + position);
        }
        String quoteSent = quoteMissing ? null : number(quote, "Quote Number", QUOTE, QUOTE_MAX_DIGITS);
        String proxySent = proxyMissing ? null : number(proxy, "Proxy Number", PROXY, PROXY_MAX_DIGITS);
        if (proxyMissing) {
            throw ApiError.invalidFormat(PROXY,
                    "Proxy Number is missing in one of the record with Quote Number " + quoteSent);
        }
        if (quoteMissing) {
            throw ApiError.invalidFormat(QUOTE,
                    "Quote Number is missing in one of the record with Proxy Number " + proxySent);
        }
        JsonNode code = record.get(CODE);
        if (missing(code)) {
            throw ApiError.invalidFormat(CODE,
                    "Activation Code is missing in one of the record with Quote Number " + quoteSent);
        }
        String codeText = code.isTextual() ? code.textValue() : code.isIntegralNumber() ? code.asText() : null;
        if (codeText == null || !validCode(codeText)) {
            throw ApiError.invalidFormat(CODE, "Activation code " + echo(code, CODE_ECHO_MAX)
                    + " is not a valid value. Minimum 4 and maximum 16 digits only");
        }
        return new CardCode(canonical(quoteSent), canonical(proxySent), codeText);
    }

    /** Absent, JSON null, or an empty/blank string. */
    private static boolean missing(JsonNode node) {
        return node == null || node.isNull() || node.isTextual() && node.textValue().isBlank();
    }

    /**
     * A quote or proxy number: a JSON integer or a string of digits (the seed types them as Number, its sample
     * sends strings), at most {@code maxDigits} digits not counting leading zeros. Returns the value as sent.
     */
    private static String number(JsonNode node, String label, String field, int maxDigits) {
        String text = node.isTextual() ? node.textValue() : node.isIntegralNumber() ? node.asText() : null;
        if (text == null || !digits(text) || canonical(text).length() > maxDigits) {
            throw ApiError.invalidFormat(field, label + " " + echo(node, NUMBER_ECHO_MAX)
                    + " is not a valid value. Maximum " + maxDigits + " digits only");
        }
        return text;
    }

    /** [A-Za-z0-9]{4,16} without a regex: it runs for every record of every request. */
    static boolean validCode(String code) {
        if (code.length() < CODE_MIN || code.length() > CODE_MAX) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The decimal number without leading zeros: "0095000000" and 95000000 are the same quote. */
    static String canonical(String digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        return start == 0 ? digits : digits.substring(start);
    }

    /**
     * An invalid value as it may appear in a message: at most {@code max} characters (then "..."), printable ASCII
     * only. An invalid value is not a code, so showing its start to the partner who sent it is safe; it is never
     * logged.
     */
    static String echo(JsonNode node, int max) {
        String text = node.isTextual() ? node.textValue() : node.toString();
        StringBuilder shown = new StringBuilder(max + 3);
        int length = Math.min(text.length(), max);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (text.length() > max) {
            shown.append("...");
        }
        return shown.toString();
    }
}
