package com.cardplatform.rewards.wire;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A partner-provided external id (seed 004): non-empty, at most 255 characters, never a 9-digit number nor the US
 * tax id form {@code ###-##-####}. Control characters are refused as well (PostgreSQL cannot store NUL and such an
 * id cannot be "stable and never sensitive"). A null value is valid: add {@code @NotNull} where it is required.
 */
@Documented
@Constraint(validatedBy = {})
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
@Size(min = 1, max = ExternalId.MAX_LENGTH, message = "must be 1 to 255 characters long")
@Pattern(regexp = ExternalId.PATTERN,
        message = "must not be a 9-digit number, use the US tax id format (###-##-####) or contain control characters")
public @interface ExternalId {

    int MAX_LENGTH = 255;
    /** The seed's {@code ^(?!\d{3}-\d\d-\d{4}$)}, its 9-digit rule, and no control characters. */
    String PATTERN = "^(?!\\d{9}$)(?!\\d{3}-\\d\\d-\\d{4}$)\\P{Cntrl}*$";

    String message() default "is not a valid external id";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
