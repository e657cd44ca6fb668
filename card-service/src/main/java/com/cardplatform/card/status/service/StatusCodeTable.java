package com.cardplatform.card.status.service;

import com.cardplatform.card.cards.ProductType;
import com.cardplatform.card.status.StatusAction;
import com.cardplatform.card.status.config.CardStatusConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The configured code table and access list, checked once at start. */
@Startup
@ApplicationScoped
public class StatusCodeTable {

    private final Map<ProductType, Map<String, StatusAction>> actions = new EnumMap<>(ProductType.class);
    private final Set<String> access = new HashSet<>();

    public StatusCodeTable(CardStatusConfig config) {
        for (Map.Entry<String, Map<String, StatusAction>> product : config.codes().entrySet()) {
            ProductType type;
            try {
                type = ProductType.valueOf(product.getKey().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("platform.card-status.codes." + product.getKey()
                        + ": the product type must be debit or credit");
            }
            for (String code : product.getValue().keySet()) {
                if (!code.matches("[LYFS]")) {
                    throw new IllegalStateException("platform.card-status.codes." + product.getKey() + "." + code
                            + ": cardStatusCode is one of L, Y, F, S");
                }
            }
            actions.put(type, Map.copyOf(product.getValue()));
        }
        for (String entry : config.access()) {
            String[] parts = entry.trim().split("/");
            if (parts.length != 3) {
                throw new IllegalStateException("platform.card-status.access entries are country/business/channel: "
                        + entry);
            }
            access.add(key(parts[0], parts[1], parts[2]));
        }
        Log.infof("Card status code table: %s; access: %s", actions, access);
    }

    /** The action of a code for a product type, or null when the table has none. */
    public StatusAction action(ProductType type, String code) {
        return actions.getOrDefault(type, Map.of()).get(code);
    }

    public boolean allowed(String countryCode, String businessCode, String channelId) {
        return access.contains(key(countryCode, businessCode, channelId));
    }

    private static String key(String country, String business, String channel) {
        return country.trim() + "/" + business.trim() + "/" + channel.trim();
    }
}
