package com.cardplatform.card.status.config;

import com.cardplatform.card.status.StatusAction;
import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;

/**
 * The card status API's tables ({@code platform.card-status.*}): the meaning of each {@code cardStatusCode} per
 * product type (the vendor does not publish it), and the countryCode/businessCode/ChannelId combinations allowed.
 */
@ConfigMapping(prefix = "platform.card-status")
public interface CardStatusConfig {

    /** {@code codes.debit.L=BLOCK_LOST}: product type (debit, credit) to code to action. */
    Map<String, Map<String, StatusAction>> codes();

    /** {@code country/business/channel} triples, e.g. {@code MX/BNMX/MOBILE}. */
    List<String> access();
}
