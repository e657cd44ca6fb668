package com.cardplatform.testing;

import java.util.regex.Pattern;

/**
 * OpenAPI path templates compared segment by segment: whether two can resolve the same request, and whether one
 * matches only what the other matches too (is the more specific). A template variable stands for one segment's
 * text of at least one character.
 */
final class PathTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\{[^}/]+}");
    /** What a variable is taken to be when a segment with variables is tried against another's pattern. */
    private static final String SAMPLE = "v";

    private PathTemplate() {
    }

    /** Same segment count, every position overlapping, and neither template the more specific. */
    static boolean ambiguous(String a, String b) {
        String[] as = a.split("/", -1);
        String[] bs = b.split("/", -1);
        if (as.length != bs.length) {
            return false;
        }
        boolean aWithinB = true;
        boolean bWithinA = true;
        for (int i = 0; i < as.length; i++) {
            if (!overlap(as[i], bs[i])) {
                return false;
            }
            aWithinB &= within(as[i], bs[i]);
            bWithinA &= within(bs[i], as[i]);
        }
        return aWithinB == bWithinA;
    }

    /** Every text that {@code segment} matches, {@code other} matches too. */
    static boolean within(String segment, String other) {
        if (normal(segment).equals(normal(other)) || isVariable(other)) {
            return true;
        }
        return !hasVariable(segment) && pattern(other).matcher(segment).matches();
    }

    /** Some one text matches both segments. */
    static boolean overlap(String a, String b) {
        return within(a, b) || within(b, a)
                || pattern(b).matcher(sample(a)).matches() || pattern(a).matcher(sample(b)).matches();
    }

    private static boolean isVariable(String segment) {
        return VARIABLE.matcher(segment).matches();
    }

    private static boolean hasVariable(String segment) {
        return VARIABLE.matcher(segment).find();
    }

    private static String normal(String segment) {
        return VARIABLE.matcher(segment).replaceAll("{}");
    }

    private static String sample(String segment) {
        return VARIABLE.matcher(segment).replaceAll(SAMPLE);
    }

    private static Pattern pattern(String segment) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        var variables = VARIABLE.matcher(segment);
        while (variables.find()) {
            regex.append(Pattern.quote(segment.substring(at, variables.start()))).append("[^/]+");
            at = variables.end();
        }
        regex.append(Pattern.quote(segment.substring(at)));
        return Pattern.compile(regex.toString());
    }
}
