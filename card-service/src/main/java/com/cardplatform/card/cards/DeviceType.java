package com.cardplatform.card.cards;

/** The kind of device a digital card was provisioned to (optional). */
public enum DeviceType {
    PHONE,
    WATCH,
    TABLET,
    COMPUTER,
    OTHER
}
