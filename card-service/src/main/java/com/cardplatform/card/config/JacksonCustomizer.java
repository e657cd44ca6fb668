package com.cardplatform.card.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Strict reading of request bodies. A JSON value of the wrong type is a format error (FIELD_INVALID_FORMAT):
 * {@code "cardId": 12} is not the card "12", and {@code "productType": 1} is not an ordinal. A string that is
 * not one of an enum's values stays a value error (FIELD_INVALID_VALUE).
 */
@Singleton
public class JacksonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.registerModule(new SimpleModule("strict-strings").addDeserializer(String.class, new StrictStrings()));
        mapper.addHandler(new WrongTypeIsFormatError());
    }

    /** Only a JSON string is a string (nulls are handled before a deserializer is asked). */
    static final class StrictStrings extends StdScalarDeserializer<String> {

        StrictStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                return p.getText();
            }
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }

    /** A number where an enum (or another non-numeric type) is expected: a type mismatch, not a bad value. */
    static final class WrongTypeIsFormatError extends DeserializationProblemHandler {

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                String failureMsg) throws IOException {
            throw MismatchedInputException.from(ctxt.getParser(), targetType, "A number is not accepted here");
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken token,
                JsonParser p, String failureMsg) throws IOException {
            return NOT_HANDLED;
        }
    }
}
