package com.cardplatform.consumer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What card-service deleted for a consumer (zeros when a previous call already had). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CardCascadeResult(long deletedCards, long deletedDigitalCards) {
}
