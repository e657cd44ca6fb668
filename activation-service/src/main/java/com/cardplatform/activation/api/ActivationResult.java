package com.cardplatform.activation.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The Blackhawk success body: {@code {"status":200,"success":true,"message":"..."}}. */
@JsonPropertyOrder({"status", "success", "message"})
public record ActivationResult(int status, boolean success, String message) {

    /** The seed's success answer. */
    public static final ActivationResult SAVED = new ActivationResult(200, true,
            "All records have been saved successfully");

    public static final ActivationResult MATCHES = new ActivationResult(200, true, "Activation code matches");
}
