package com.cardplatform.card.tracking.service;

/**
 * The decrypted card data, validated. Lives only for the duration of one request: the PAN is compared with the
 * card's digest and dropped; carrier and tracking number are shipment data, kept on the operation.
 */
public record TrackedCardData(String pan, String carrier, String trackingNumber, String trackingUrl) {

    @Override
    public String toString() {
        // never print the PAN, even by accident
        return "TrackedCardData[carrier=" + carrier + ", trackingNumber=" + trackingNumber + "]";
    }
}
