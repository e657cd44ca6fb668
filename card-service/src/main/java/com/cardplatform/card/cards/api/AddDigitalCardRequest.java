package com.cardplatform.card.cards.api;

import com.cardplatform.card.cards.DeviceType;
import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.cards.WalletProvider;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An issuer registers a wallet token of one of its cards. */
public record AddDigitalCardRequest(
        @NotNull @Pattern(regexp = Patterns.DIGITAL_CARD_ID) @Schema(example = "DC-0001") String digitalCardId,
        @NotNull WalletProvider walletProvider,
        DeviceType deviceType) {
}
