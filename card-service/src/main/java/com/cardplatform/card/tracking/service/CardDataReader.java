package com.cardplatform.card.tracking.service;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.tracking.TrackingType;
import com.cardplatform.card.tracking.config.TrackingConfig;
import com.cardplatform.errors.ApiError;
import com.cardplatform.primitives.cards.Luhn;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the plaintext of {@code encryptedData}: a JSON object {@code {"pan","exp"}} plus, for shipments,
 * {@code "carrier","trackingNumber"}. Not JSON (or not an object, or a duplicated member) is PARSING_ERROR;
 * then the fields are checked in document order and the first one in error is named
 * {@code encryptedData.<field>}: FIELD_INVALID_FORMAT when it does not match its format, FIELD_INVALID_VALUE
 * when it is well-formed but not permitted. Error details never quote a value.
 *
 * <p>{@code carrier} is a carrier code as D1 writes them ({@code dhl}, {@code usps-iv-api}, ...). A code of that
 * shape that we do not know is carried as it is (D1 asks clients to treat unknown values as forward-compatible);
 * it only has no {@code trackingUrl}, which comes from the configured template of a known carrier.
 */
@ApplicationScoped
public class CardDataReader {

    static final String PREFIX = "encryptedData.";
    private static final Pattern PAN = Pattern.compile("^[0-9]{13,19}$");
    /** MMYY, as printed on the card. */
    private static final Pattern EXP = Pattern.compile("^[0-9]{4}$");
    private static final Pattern CARRIER = Pattern.compile(Patterns.CARRIER);
    private static final Pattern TRACKING_NUMBER = Pattern.compile(Patterns.TRACKING_NUMBER);
    private static final String NUMBER_PLACEHOLDER = "{trackingNumber}";

    private final ObjectReader reader;
    private final Map<String, String> carriers;

    public CardDataReader(TrackingConfig config) {
        // a parser of its own: strict about duplicates and trailing data, and it never quotes the source
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.reader = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .reader();
        this.carriers = Map.copyOf(config.carriers());
        carriers.forEach((code, template) -> {
            if (!CARRIER.matcher(code).matches()) {
                throw new IllegalStateException("platform.tracking.carriers." + code
                        + ": not a carrier code as D1 writes them (" + Patterns.CARRIER + ")");
            }
            if (!template.startsWith("https://") || !template.contains(NUMBER_PLACEHOLDER)) {
                throw new IllegalStateException("platform.tracking.carriers." + code
                        + ": the tracking URL template must be https and contain " + NUMBER_PLACEHOLDER);
            }
        });
    }

    public TrackedCardData read(String plaintext, TrackingType type) {
        JsonNode root;
        try {
            root = reader.readTree(plaintext);
        } catch (Exception e) {
            throw ApiError.parsing("encryptedData");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.parsing("encryptedData");
        }
        String pan = text(root, "pan", PAN, true);
        if (!Luhn.valid(pan)) {
            throw ApiError.invalidValue(PREFIX + "pan", "The PAN fails the Luhn check");
        }
        String exp = text(root, "exp", EXP, true);
        int month = Integer.parseInt(exp.substring(0, 2));
        if (month < 1 || month > 12) {
            throw ApiError.invalidValue(PREFIX + "exp", "The expiry month must be 01 to 12 (MMYY)");
        }
        boolean shipmentRequired = type == TrackingType.SHIPMENT;
        String carrier = text(root, "carrier", CARRIER, shipmentRequired);
        if (carrier != null && type == TrackingType.PRODUCTION) {
            throw ApiError.invalidValue(PREFIX + "carrier", "A production tracking has no carrier");
        }
        // carrier and tracking number go together (a return may have neither)
        String trackingNumber = text(root, "trackingNumber", TRACKING_NUMBER, carrier != null || shipmentRequired);
        if (trackingNumber != null && carrier == null) {
            if (type == TrackingType.PRODUCTION) {
                throw ApiError.invalidValue(PREFIX + "trackingNumber", "A production tracking has no tracking number");
            }
            throw ApiError.invalidFormat(PREFIX + "carrier", "carrier is required with a trackingNumber");
        }
        String template = carrier == null ? null : carriers.get(carrier);
        String url = template == null ? null : template.replace(NUMBER_PLACEHOLDER, trackingNumber);
        return new TrackedCardData(pan, carrier, trackingNumber, url);
    }

    private static String text(JsonNode root, String name, Pattern format, boolean required) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiError.invalidFormat(PREFIX + name, name + " is required");
            }
            return null;
        }
        if (!node.isTextual() || !format.matcher(node.textValue()).matches()) {
            throw ApiError.invalidFormat(PREFIX + name, name + " must match " + format.pattern());
        }
        return node.textValue();
    }
}
