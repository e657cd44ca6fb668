package com.cardplatform.card.cards;

/** The documented formats of identifiers, shared by path parameters and bodies. */
public final class Patterns {

    /** D1 (seeds 000 and 001): {@code issuerId} is exactly 10 characters on every D1 path. */
    public static final int ISSUER_ID_LENGTH = 10;
    /** D1 Tracking Hub: {@code cardId}. */
    public static final String CARD_ID = "^[A-Za-z0-9_-]{1,48}$";
    /** D1 consumer operations: {@code consumerId}. */
    public static final String CONSUMER_ID = "^[A-Za-z0-9_-]{1,64}$";
    /**
     * Citi's {@code accountId} (seed 003 gives no pattern) and the account a card is provisioned under: any text
     * of 1 to 64 characters (code points) that is not blank (only whitespace or space separators), with no
     * control or format character (Unicode Cc, Cf: NUL, tabs, line feeds, zero-width and bidi controls), no line
     * or paragraph separator (Zl, Zp) and no unpaired surrogate. Spaces, punctuation and letters of any script
     * are accepted, and matched exactly as sent.
     */
    public static final String ACCOUNT_ID = "^(?=[\\s\\S]*[^\\s\\p{Z}])[^\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]{1,64}$";
    /** Digits only, at most 12: what the Citi API sends as {@code customerId}. */
    public static final String CUSTOMER_NUMBER = "^[0-9]{1,12}$";
    public static final String PROGRAM_ID = "^[A-Za-z0-9_-]{1,64}$";
    /** Blackhawk's proxy numbers are numeric (e.g. 6039530407033839166). */
    public static final String PROXY_NUMBER = "^[0-9]{1,19}$";
    public static final String PAN = "^[0-9]{13,19}$";
    public static final String DIGITAL_CARD_ID = "^[A-Za-z0-9_-]{1,64}$";
    /** D1 free-text reason. */
    public static final String REASON = "^[a-zA-Z0-9 ]{1,64}$";
    public static final String OPERATION_ID = "^[A-Za-z0-9_-]{1,64}$";
    /**
     * A carrier code as D1 writes them ({@code dhl}, {@code usps-iv-api}, {@code la-poste-colissimo}): lower-case
     * letters and digits in hyphen-separated words, 2 to 32 characters. Codes D1 adds later have the same shape.
     */
    public static final String CARRIER = "^(?=.{2,32}$)[a-z0-9]+(-[a-z0-9]+)*$";
    public static final String TRACKING_NUMBER = "^[A-Za-z0-9-]{4,64}$";
    /** D1 {@code details.productionSite}: an identifier of the site that produced the card. */
    public static final String PRODUCTION_SITE = "^[A-Za-z0-9_.-]{1,64}$";

    private Patterns() {
    }
}
