package com.cardplatform.card.cards;

/** Where a digital card lives. */
public enum WalletProvider {
    APPLE_PAY,
    GOOGLE_PAY,
    SAMSUNG_PAY,
    /** A merchant's card on file (e-commerce token). */
    MERCHANT
}
