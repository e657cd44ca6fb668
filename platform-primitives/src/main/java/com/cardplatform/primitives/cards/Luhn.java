package com.cardplatform.primitives.cards;

/** The Luhn check every PAN passes (ISO/IEC 7812-1), and the check digit that makes a number pass it. */
public final class Luhn {

    private Luhn() {
    }

    /** Whether these digits (the check digit last) pass the Luhn check. */
    public static boolean valid(String digits) {
        return sum(digits, false) % 10 == 0;
    }

    /** The check digit to append to these digits. */
    public static int checkDigit(String partial) {
        return (10 - sum(partial, true) % 10) % 10;
    }

    /** These digits followed by their check digit. */
    public static String withCheckDigit(String partial) {
        return partial + checkDigit(partial);
    }

    /** Luhn's sum, from the right; the last digit doubled or not (not when it is the check digit itself). */
    private static int sum(String digits, boolean doubleLast) {
        int sum = 0;
        boolean doubled = doubleLast;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum;
    }
}
