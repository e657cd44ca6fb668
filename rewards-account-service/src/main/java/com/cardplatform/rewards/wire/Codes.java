package com.cardplatform.rewards.wire;

/** Documented value patterns shared by programs and accounts (seed 004). */
public final class Codes {

    /** 2-letter ISO-3166 country code. */
    public static final String COUNTRY = "^[A-Z]{2}$";
    /** ISO 4217 currency code (not in the seed: the issue asks for a program currency). */
    public static final String CURRENCY = "^[A-Z]{3}$";
    /** ZIP Code, ZIP+4 or postal code: non-empty, at most 15 characters, no control characters. */
    public static final String POSTAL = "^\\P{Cntrl}{1,15}$";

    private Codes() {
    }
}
