package com.cardplatform.consumer.service;

import java.util.regex.Pattern;

/** Makes a failure description fit the seed's {@code error}: {@code ^[a-zA-Z0-9_ \/\\\[\],.'#;:{}()?!*-]*$}, 256 max. */
public final class ErrorTexts {

    public static final String PATTERN = "^[a-zA-Z0-9_ /\\\\\\[\\],.'#;:{}()?!*-]*$";
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-zA-Z0-9_ /\\\\\\[\\],.'#;:{}()?!*-]");
    private static final int MAX = 256;

    private ErrorTexts() {
    }

    public static String sanitize(String text) {
        if (text == null) {
            return null;
        }
        String clean = NOT_ALLOWED.matcher(text).replaceAll(" ");
        return clean.length() <= MAX ? clean : clean.substring(0, MAX);
    }
}
