package com.cardplatform.activation;

/**
 * One record of a request: the card (quote and proxy numbers in canonical decimal form, without leading
 * zeros) and the activation code in clear. Lives only in memory for the time of the request; {@link #toString()}
 * never shows the code, so that no log line can carry it.
 */
public record CardCode(String quoteNumber, String proxyNumber, String activationCode) {

    @Override
    public String toString() {
        return "CardCode[quoteNumber=" + quoteNumber + ", proxyNumber=" + proxyNumber + ", activationCode=***]";
    }
}
