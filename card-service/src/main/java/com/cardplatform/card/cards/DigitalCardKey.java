package com.cardplatform.card.cards;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of a digital card: unique within its issuer. */
public class DigitalCardKey implements Serializable {

    public String issuerId;
    public String digitalCardId;

    public DigitalCardKey() {
    }

    public DigitalCardKey(String issuerId, String digitalCardId) {
        this.issuerId = issuerId;
        this.digitalCardId = digitalCardId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DigitalCardKey other && Objects.equals(issuerId, other.issuerId)
                && Objects.equals(digitalCardId, other.digitalCardId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuerId, digitalCardId);
    }
}
