package com.cardplatform.errors.http;

import com.cardplatform.errors.Dialect;
import io.smallrye.config.ConfigMapping;
import java.util.Map;

/**
 * Which dialect a service speaks. One line selects it ({@code platform.errors.dialect=d1}); a service serving
 * two APIs maps path prefixes to other dialects ({@code platform.errors.paths."/v1/cards/"=citi}).
 */
@ConfigMapping(prefix = "platform.errors")
public interface ErrorConfig {

    /** Dialect for every path not matched by {@link #paths()}. */
    Dialect dialect();

    /** Path prefix to dialect, longest prefix wins. */
    Map<String, Dialect> paths();
}
