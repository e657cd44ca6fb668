package com.cardplatform.consumer;

import java.io.Serializable;
import java.util.Objects;

/** Identity of a consumer: consumer ids are the issuer's own, unique within the issuer only. */
public class ConsumerKey implements Serializable {

    public String issuerId;
    public String consumerId;

    public ConsumerKey() {
    }

    public ConsumerKey(String issuerId, String consumerId) {
        this.issuerId = issuerId;
        this.consumerId = consumerId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsumerKey other && Objects.equals(issuerId, other.issuerId)
                && Objects.equals(consumerId, other.consumerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuerId, consumerId);
    }
}
